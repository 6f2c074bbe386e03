package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.api.AwsException;

import static dev.todostreams.emulator.stream.StreamFixture.next;
import static dev.todostreams.emulator.stream.StreamFixture.records;
import static dev.todostreams.emulator.stream.StreamFixture.req;
import static dev.todostreams.emulator.stream.StreamFixture.sequenceNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamStoreShardIteratorTests {

	private final StreamFixture f = new StreamFixture();

	private final String arn = this.f.enable("NEW_AND_OLD_IMAGES");

	private final String shard = this.f.shardId(this.arn, 0);

	private void putAll(int count) {
		for (int i = 0; i < count; i++) {
			this.f.put(this.arn, "k" + i);
		}
	}

	private List<String> keys(Map<String, Object> response) {
		return records(response).stream()
			.map(r -> (String) ((Map<?, ?>) ((Map<?, ?>) StreamFixture.dynamodb(r).get("Keys")).get("pk")).get("S"))
			.toList();
	}

	private static String plus(String sequenceNumber, int delta) {
		return String.format("%021d", new BigInteger(sequenceNumber).add(BigInteger.valueOf(delta)));
	}

	private static void assertAwsError(Throwable thrown, String type) {
		assertThat(thrown).isInstanceOf(AwsException.class);
		assertThat(((AwsException) thrown).type()).isEqualTo(type);
	}

	@Test
	void trimHorizonReadsFromTheFirstRecord() {
		putAll(3);
		Map<String, Object> response = this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"));
		assertThat(keys(response)).containsExactly("k0", "k1", "k2");
		assertThat(next(response)).isNotNull();
	}

	@Test
	void trimHorizonIteratorIssuedBeforeRecordsSeesThem() {
		String iterator = this.f.iterator(this.arn, this.shard, "TRIM_HORIZON");
		putAll(2);
		assertThat(keys(this.f.getRecords(iterator))).containsExactly("k0", "k1");
	}

	@Test
	void latestStartsAfterTheCurrentLastRecord() {
		putAll(2);
		String iterator = this.f.iterator(this.arn, this.shard, "LATEST");
		assertThat(records(this.f.getRecords(iterator))).isEmpty();
		this.f.put(this.arn, "later");
		assertThat(keys(this.f.getRecords(iterator))).containsExactly("later");
	}

	@Test
	void atAndAfterSequenceNumber() {
		putAll(3);
		List<Map<String, Object>> all = records(this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON")));
		String second = sequenceNumber(all.get(1));
		assertThat(keys(this.f.getRecords(this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", second))))
			.containsExactly("k1", "k2");
		assertThat(keys(this.f.getRecords(this.f.iterator(this.arn, this.shard, "AFTER_SEQUENCE_NUMBER", second))))
			.containsExactly("k2");
		String last = sequenceNumber(all.get(2));
		Map<String, Object> afterLast = this.f
			.getRecords(this.f.iterator(this.arn, this.shard, "AFTER_SEQUENCE_NUMBER", last));
		assertThat(records(afterLast)).isEmpty();
		assertThat(next(afterLast)).isNotNull();
	}

	@Test
	void atTheStartingSequenceNumberReadsEverything() {
		putAll(2);
		@SuppressWarnings("unchecked")
		String start = (String) ((Map<String, Object>) this.f.shards(this.arn).get(0).get("SequenceNumberRange"))
			.get("StartingSequenceNumber");
		assertThat(keys(this.f.getRecords(this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", start))))
			.containsExactly("k0", "k1");
	}

	@Test
	void sequenceNumberWithLongerTextIsAccepted() {
		putAll(1);
		String first = sequenceNumber(records(this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"))).get(0));
		assertThat(keys(this.f.getRecords(this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", "0000" + first))))
			.containsExactly("k0");
	}

	@Test
	void sequenceNumberOutsideTheShardIsRefused() {
		putAll(1);
		String first = sequenceNumber(records(this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"))).get(0));
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", plus(first, 5))),
				"ValidationException");
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", plus(first, -5))),
				"ValidationException");
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", "9".repeat(40))),
				"ValidationException");
	}

	@Test
	void malformedSequenceNumbersAreRefused() {
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", "12")),
				"ValidationException");
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", "x".repeat(21))),
				"ValidationException");
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER", "1".repeat(41))),
				"ValidationException");
	}

	@Test
	void sequenceTypesRequireASequenceNumber() {
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_SEQUENCE_NUMBER")),
				"ValidationException");
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AFTER_SEQUENCE_NUMBER")),
				"ValidationException");
	}

	@Test
	void positionTypesRefuseASequenceNumber() {
		String sequence = "0".repeat(20) + "1";
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "TRIM_HORIZON", sequence)),
				"ValidationException");
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "LATEST", sequence)),
				"ValidationException");
	}

	@Test
	void unknownIteratorTypeIsRefused() {
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, this.shard, "AT_TIMESTAMP")), "ValidationException");
	}

	@Test
	void missingFieldsAreValidationErrors() {
		assertAwsError(catchThrown(() -> this.f.store.getShardIterator(req("StreamArn", this.arn, "ShardId", this.shard))),
				"ValidationException");
		assertAwsError(catchThrown(
				() -> this.f.store.getShardIterator(req("StreamArn", this.arn, "ShardIteratorType", "LATEST"))),
				"ValidationException");
		assertAwsError(catchThrown(() -> this.f.store.getRecords(req())), "ValidationException");
	}

	@Test
	void unknownShardOrStreamIsResourceNotFound() {
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn, "shardId-00000000000000000001-00000000", "LATEST")),
				"ResourceNotFoundException");
		// a well-formed ARN of another stream (a malformed one is a ValidationException)
		String other = this.arn.substring(0, this.arn.length() - 1) + (this.arn.endsWith("9") ? "8" : "9");
		assertAwsError(catchThrown(() -> this.f.iterator(other, this.shard, "LATEST")), "ResourceNotFoundException");
		assertAwsError(catchThrown(() -> this.f.iterator(this.arn + "9", this.shard, "LATEST")), "ValidationException");
	}

	@Test
	void limitCapsTheRecordsAndTheNextIteratorContinues() {
		putAll(5);
		Map<String, Object> first = this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"), 2);
		assertThat(keys(first)).containsExactly("k0", "k1");
		Map<String, Object> second = this.f.getRecords(next(first), 2);
		assertThat(keys(second)).containsExactly("k2", "k3");
		assertThat(keys(this.f.getRecords(next(second), 2))).containsExactly("k4");
	}

	@Test
	void limitOutOfRangeIsRefused() {
		String iterator = this.f.iterator(this.arn, this.shard, "TRIM_HORIZON");
		assertAwsError(catchThrown(() -> this.f.getRecords(iterator, 1001)), "ValidationException");
		assertAwsError(catchThrown(() -> this.f.getRecords(iterator, 0)), "ValidationException");
		assertThat(records(this.f.getRecords(iterator, 1000))).isEmpty();
	}

	@Test
	void emptyReadOfAnOpenShardReturnsAnEmptyListAndAnIteratorAtTheSamePlace() {
		Map<String, Object> response = this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"));
		assertThat(response).containsEntry("Records", List.of());
		this.f.put(this.arn, "a");
		assertThat(keys(this.f.getRecords(next(response)))).containsExactly("a");
	}

	@Test
	void readingAClosedShardToItsEndOmitsTheNextIterator() {
		putAll(3);
		String iterator = this.f.iterator(this.arn, this.shard, "TRIM_HORIZON");
		this.f.store.disable(this.arn);
		Map<String, Object> first = this.f.getRecords(iterator, 2);
		assertThat(next(first)).isNotNull();
		Map<String, Object> last = this.f.getRecords(next(first), 2);
		assertThat(keys(last)).containsExactly("k2");
		assertThat(last).doesNotContainKey("NextShardIterator");
	}

	@Test
	void iteratorAtTheEndOfAClosedShardGetsNothingAndNoNextIterator() {
		putAll(1);
		Map<String, Object> read = this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"));
		this.f.store.disable(this.arn);
		Map<String, Object> atEnd = this.f.getRecords(next(read));
		assertThat(atEnd).containsEntry("Records", List.of()).doesNotContainKey("NextShardIterator");
		Map<String, Object> latest = this.f.getRecords(this.f.iterator(this.arn, this.shard, "LATEST"));
		assertThat(latest).containsEntry("Records", List.of()).doesNotContainKey("NextShardIterator");
	}

	@Test
	void emptyClosedShardEndsAtOnce() {
		this.f.store.disable(this.arn);
		Map<String, Object> response = this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"));
		assertThat(response).containsEntry("Records", List.of()).doesNotContainKey("NextShardIterator");
	}

	@Test
	void iteratorExpiresAfterItsLifetime() {
		String iterator = this.f.iterator(this.arn, this.shard, "TRIM_HORIZON");
		this.f.clock.advance(Duration.ofMinutes(15));
		Map<String, Object> stillValid = this.f.getRecords(iterator);
		this.f.clock.advance(Duration.ofMillis(1));
		Throwable thrown = catchThrown(() -> this.f.getRecords(iterator));
		assertAwsError(thrown, "ExpiredIteratorException");
		assertThat(thrown).hasMessage("Iterator expired");
		assertThat(records(this.f.getRecords(next(stillValid)))).isEmpty();
	}

	@Test
	void malformedIteratorIsAValidationError() {
		String iterator = this.f.iterator(this.arn, this.shard, "TRIM_HORIZON");
		assertAwsError(catchThrown(() -> this.f.getRecords("not an iterator!")), "ValidationException");
		assertAwsError(catchThrown(() -> this.f.getRecords("AAAA")), "ValidationException");
		String tampered = iterator.substring(0, iterator.length() - 3) + (iterator.endsWith("A") ? "BBB" : "AAA");
		assertAwsError(catchThrown(() -> this.f.getRecords(tampered)), "ValidationException");
	}

	@Test
	void iteratorOfAStreamThatNoLongerExistsIsResourceNotFound() {
		String iterator = this.f.iterator(this.arn, this.shard, "TRIM_HORIZON");
		StreamFixture other = new StreamFixture();
		assertAwsError(catchThrown(() -> other.getRecords(iterator)), "ResourceNotFoundException");
	}

	@Test
	void readsStopAtOneMegabyteButReturnAtLeastOneRecord() {
		String big = "x".repeat(300 * 1024);
		for (int i = 0; i < 5; i++) {
			Map<String, dev.todostreams.emulator.value.Value> image = StreamFixture.key("k" + i);
			image.put("payload", new dev.todostreams.emulator.value.Value.S(big));
			this.f.store.append(this.arn, "INSERT", StreamFixture.key("k" + i), null, image, false);
		}
		Map<String, Object> first = this.f.getRecords(this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"));
		assertThat(keys(first)).containsExactly("k0", "k1", "k2");
		assertThat(keys(this.f.getRecords(next(first)))).containsExactly("k3", "k4");
	}

	@Test
	void limitGivenAsIntegerIsAccepted() {
		putAll(2);
		Map<String, Object> response = this.f.store
			.getRecords(req("ShardIterator", this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"), "Limit", 1));
		assertThat(keys(response)).containsExactly("k0");
		assertAwsError(catchThrown(() -> this.f.store.getRecords(
				req("ShardIterator", this.f.iterator(this.arn, this.shard, "TRIM_HORIZON"), "Limit", new BigDecimal("1.5")))),
				"SerializationException");
	}

	private static Throwable catchThrown(Runnable action) {
		try {
			action.run();
		}
		catch (Throwable ex) {
			return ex;
		}
		throw new AssertionError("expected an exception");
	}

	@Test
	void catchThrownNeedsAnException() {
		assertThatThrownBy(() -> catchThrown(() -> {
		})).isInstanceOf(AssertionError.class);
	}
}
