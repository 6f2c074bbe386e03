package dev.todostreams.emulator.stream;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.todostreams.emulator.stream.StreamFixture.next;
import static dev.todostreams.emulator.stream.StreamFixture.records;
import static dev.todostreams.emulator.stream.StreamFixture.sequenceNumber;
import static org.assertj.core.api.Assertions.assertThat;

class StreamStoreRolloverTests {

	@SuppressWarnings("unchecked")
	private static Map<String, Object> range(Map<String, Object> shard) {
		return (Map<String, Object>) shard.get("SequenceNumberRange");
	}

	@Test
	void closesTheShardAfterRolloverRecordsAndOpensAChild() {
		StreamFixture f = new StreamFixture(2);
		String arn = f.enable("KEYS_ONLY");
		f.put(arn, "a");
		assertThat(f.shards(arn)).hasSize(1);
		f.put(arn, "b");
		List<Map<String, Object>> shards = f.shards(arn);
		assertThat(shards).hasSize(2);
		List<Map<String, Object>> firstRecords = f.readAll(arn, (String) shards.get(0).get("ShardId"));
		assertThat(firstRecords).hasSize(2);
		assertThat(range(shards.get(0))).containsEntry("EndingSequenceNumber", sequenceNumber(firstRecords.get(1)));
		assertThat(shards.get(1)).containsEntry("ParentShardId", shards.get(0).get("ShardId"));
		assertThat(range(shards.get(1))).doesNotContainKey("EndingSequenceNumber");
		f.put(arn, "c");
		List<Map<String, Object>> childRecords = f.readAll(arn, (String) shards.get(1).get("ShardId"));
		assertThat(childRecords).hasSize(1);
		assertThat(new BigInteger(sequenceNumber(childRecords.get(0))))
			.isGreaterThan(new BigInteger((String) range(shards.get(0)).get("EndingSequenceNumber")));
		assertThat(new BigInteger((String) range(shards.get(1)).get("StartingSequenceNumber")))
			.isGreaterThan(new BigInteger((String) range(shards.get(0)).get("EndingSequenceNumber")));
	}

	@Test
	void readerAtTheEndOfAShardThatRollsOverIsToldTheShardEnded() {
		StreamFixture f = new StreamFixture(2);
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		f.put(arn, "a");
		Map<String, Object> first = f.getRecords(f.iterator(arn, shard, "TRIM_HORIZON"));
		assertThat(next(first)).isNotNull();
		f.put(arn, "b");
		Map<String, Object> second = f.getRecords(next(first));
		assertThat(records(second)).hasSize(1);
		assertThat(second).doesNotContainKey("NextShardIterator");
	}

	@Test
	void rollsOverAnOldShardWhenDescribed() {
		StreamFixture f = new StreamFixture();
		String arn = f.enable("KEYS_ONLY");
		f.clock.advance(Duration.ofHours(4).minusMillis(1));
		assertThat(f.shards(arn)).hasSize(1);
		f.clock.advance(Duration.ofMillis(1));
		List<Map<String, Object>> shards = f.shards(arn);
		assertThat(shards).hasSize(2);
		// an empty shard ends where it starts
		assertThat(range(shards.get(0)).get("EndingSequenceNumber"))
			.isEqualTo(range(shards.get(0)).get("StartingSequenceNumber"));
		assertThat((String) shards.get(1).get("ShardId")).startsWith("shardId-00000001795645832291-");
	}

	@Test
	void rollsOverAnOldShardBeforeAppending() {
		StreamFixture f = new StreamFixture();
		String arn = f.enable("KEYS_ONLY");
		f.put(arn, "a");
		f.clock.advance(Duration.ofHours(5));
		f.put(arn, "b");
		List<Map<String, Object>> shards = f.shards(arn);
		assertThat(shards).hasSize(2);
		assertThat(f.readAll(arn, (String) shards.get(0).get("ShardId"))).hasSize(1);
		assertThat(f.readAll(arn, (String) shards.get(1).get("ShardId"))).hasSize(1);
	}

	@Test
	void rollsOverWhenRecordsAreRead() {
		StreamFixture f = new StreamFixture();
		String arn = f.enable("KEYS_ONLY");
		String shard = f.shardId(arn, 0);
		f.put(arn, "a");
		f.clock.advance(Duration.ofHours(4).minusMinutes(1));
		String iterator = f.iterator(arn, shard, "TRIM_HORIZON");
		f.clock.advance(Duration.ofMinutes(1));
		Map<String, Object> response = f.getRecords(iterator);
		assertThat(records(response)).hasSize(1);
		assertThat(response).doesNotContainKey("NextShardIterator");
	}

	@Test
	void zeroRolloverIntervalNeverRollsOver() {
		StreamFixture f = new StreamFixture(new StreamSettings("us-east-1", "123456789012", Duration.ofDays(3650), 0,
				Duration.ZERO, Duration.ofMinutes(15)));
		String arn = f.enable("KEYS_ONLY");
		f.clock.advance(Duration.ofDays(365));
		f.put(arn, "a");
		assertThat(f.shards(arn)).hasSize(1);
	}

	@Test
	void sequenceNumbersIncreaseAcrossAStreamsShards() {
		StreamFixture f = new StreamFixture(3);
		String arn = f.enable("KEYS_ONLY");
		for (int i = 0; i < 10; i++) {
			f.put(arn, "k" + i);
		}
		List<BigInteger> sequences = new ArrayList<>();
		for (Map<String, Object> shard : f.shards(arn)) {
			for (Map<String, Object> record : f.readAll(arn, (String) shard.get("ShardId"))) {
				sequences.add(new BigInteger(sequenceNumber(record)));
			}
		}
		assertThat(sequences).hasSize(10).isSorted().doesNotHaveDuplicates();
		assertThat(f.shards(arn)).hasSize(4);
	}

	@Test
	void disabledStreamDoesNotRollOver() {
		StreamFixture f = new StreamFixture();
		String arn = f.enable("KEYS_ONLY");
		f.store.disable(arn);
		f.clock.advance(Duration.ofHours(5));
		assertThat(f.shards(arn)).hasSize(1);
	}
}
