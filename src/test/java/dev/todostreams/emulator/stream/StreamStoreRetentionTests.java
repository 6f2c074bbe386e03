package dev.todostreams.emulator.stream;

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

class StreamStoreRetentionTests {

	/** Retention shorter than the iterator lifetime, so iterators can outlive records. */
	private static StreamFixture shortRetention(int rolloverRecords) {
		return new StreamFixture(new StreamSettings("us-east-1", "123456789012", Duration.ofMinutes(10),
				rolloverRecords, Duration.ofHours(4), Duration.ofHours(1)));
	}

	private static String type(Throwable thrown) {
		return ((AwsException) thrown).type();
	}

	@Test
	void recordsOlderThanRetentionAreTrimmed() {
		StreamFixture f = new StreamFixture();
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		f.put(arn, "old");
		f.clock.advance(Duration.ofHours(3));
		f.put(arn, "new");
		f.clock.advance(Duration.ofHours(21).minusMillis(1));
		assertThat(records(f.getRecords(f.iterator(arn, shard, "TRIM_HORIZON")))).hasSize(2);
		f.clock.advance(Duration.ofMillis(1));
		// the shard rolled over at 4 h: "old" and "new" are in the first shard
		List<Map<String, Object>> remaining = records(f.getRecords(f.iterator(arn, shard, "TRIM_HORIZON")));
		assertThat(remaining).hasSize(1);
		assertThat(((Map<?, ?>) StreamFixture.dynamodb(remaining.get(0)).get("Keys")).get("pk"))
			.isEqualTo(Map.of("S", "new"));
	}

	@Test
	void sequenceNumberBelowTheTrimHorizonIsTrimmedData() {
		StreamFixture f = shortRetention(0);
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		f.put(arn, "a");
		f.put(arn, "b");
		List<Map<String, Object>> all = records(f.getRecords(f.iterator(arn, shard, "TRIM_HORIZON")));
		f.clock.advance(Duration.ofMinutes(5));
		f.put(arn, "c");
		f.clock.advance(Duration.ofMinutes(5));
		String first = sequenceNumber(all.get(0));
		String second = sequenceNumber(all.get(1));
		assertThatThrownBy(() -> f.iterator(arn, shard, "AT_SEQUENCE_NUMBER", first)).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("TrimmedDataAccessException");
		assertThatThrownBy(() -> f.iterator(arn, shard, "AT_SEQUENCE_NUMBER", second)).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("TrimmedDataAccessException");
		assertThatThrownBy(() -> f.iterator(arn, shard, "AFTER_SEQUENCE_NUMBER", first)).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("TrimmedDataAccessException");
		// after the last trimmed record is the first retained one
		assertThat(records(f.getRecords(f.iterator(arn, shard, "AFTER_SEQUENCE_NUMBER", second)))).hasSize(1);
	}

	@Test
	void iteratorPointingIntoTrimmedDataIsRefused() {
		StreamFixture f = shortRetention(0);
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		String latest = f.iterator(arn, shard, "LATEST");
		f.put(arn, "a");
		f.clock.advance(Duration.ofMinutes(10));
		assertThatThrownBy(() -> f.getRecords(latest)).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("TrimmedDataAccessException");
	}

	@Test
	void trimHorizonIteratorFollowsTheTrimHorizon() {
		StreamFixture f = shortRetention(0);
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		String horizon = f.iterator(arn, shard, "TRIM_HORIZON");
		f.put(arn, "a");
		f.clock.advance(Duration.ofMinutes(5));
		f.put(arn, "b");
		f.clock.advance(Duration.ofMinutes(5));
		assertThat(records(f.getRecords(horizon))).hasSize(1);
	}

	@Test
	void closedShardDisappearsOnceItsRecordsAgedOut() {
		StreamFixture f = shortRetention(1);
		String arn = f.enable("KEYS_ONLY");
		String first = f.shardId(arn, 0);
		f.put(arn, "a");
		String iterator = f.iterator(arn, first, "TRIM_HORIZON");
		assertThat(f.shards(arn)).hasSize(2);
		f.clock.advance(Duration.ofMinutes(10));
		List<Map<String, Object>> shards = f.shards(arn);
		assertThat(shards).hasSize(1);
		assertThat(shards.get(0)).containsEntry("ParentShardId", first);
		assertThatThrownBy(() -> f.iterator(arn, first, "TRIM_HORIZON")).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("ResourceNotFoundException");
		assertThatThrownBy(() -> f.getRecords(iterator)).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("TrimmedDataAccessException");
	}

	@Test
	void disabledStreamStaysReadableUntilRetentionEnds() {
		StreamFixture f = shortRetention(0);
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		f.put(arn, "a");
		f.store.disable(arn);
		f.clock.advance(Duration.ofMinutes(10).minusMillis(1));
		assertThat(f.readAll(arn, shard)).hasSize(1);
		assertThat(f.store.listStreams(req())).extracting("Streams").asList().hasSize(1);
		f.clock.advance(Duration.ofMillis(1));
		assertThat(f.store.listStreams(req())).extracting("Streams").asList().isEmpty();
		assertThatThrownBy(() -> f.iterator(arn, shard, "TRIM_HORIZON")).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("ResourceNotFoundException");
	}

	@Test
	void trimExpiredDropsAgedOutRecords() {
		StreamFixture f = shortRetention(0);
		String arn = f.enable("KEYS_ONLY");
		f.put(arn, "a");
		f.clock.advance(Duration.ofMinutes(10));
		f.store.trimExpired();
		assertThat(f.store.snapshot()).extracting(e -> e.get("type")).doesNotContain("stream.record")
			.contains("stream.shardTrimmed");
	}

	@Test
	void readingContinuesAcrossTrimmingOfOlderRecords() {
		StreamFixture f = shortRetention(0);
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		f.put(arn, "a");
		Map<String, Object> read = f.getRecords(f.iterator(arn, shard, "TRIM_HORIZON"));
		f.clock.advance(Duration.ofMinutes(9));
		f.put(arn, "b");
		f.clock.advance(Duration.ofMinutes(1));
		assertThat(records(f.getRecords(next(read)))).hasSize(1);
	}

	@Test
	void manyTrimmedRecordsAreCompactedAway() {
		StreamFixture f = shortRetention(0);
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		for (int i = 0; i < 500; i++) {
			f.put(arn, "k" + i);
			f.clock.advance(Duration.ofSeconds(1));
		}
		List<Map<String, Object>> remaining = f.readAll(arn, shard);
		assertThat(remaining).hasSize(500);
		// now 800 s after the first record: records 0..200 are at least 600 s old
		f.clock.advance(Duration.ofMinutes(5));
		assertThat(f.readAll(arn, shard).size()).isEqualTo(299);
		assertThat(sequenceNumber(f.readAll(arn, shard).get(298))).isEqualTo(sequenceNumber(remaining.get(499)));
		assertThat(type(catchTrimmed(f, arn, shard, sequenceNumber(remaining.get(0))))).isEqualTo("TrimmedDataAccessException");
	}

	private static Throwable catchTrimmed(StreamFixture f, String arn, String shard, String sequence) {
		try {
			f.iterator(arn, shard, "AT_SEQUENCE_NUMBER", sequence);
		}
		catch (AwsException ex) {
			return ex;
		}
		throw new AssertionError("expected TrimmedDataAccessException");
	}
}
