package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.json.Json;

import static dev.todostreams.emulator.stream.StreamFixture.item;
import static dev.todostreams.emulator.stream.StreamFixture.key;
import static dev.todostreams.emulator.stream.StreamFixture.req;
import static dev.todostreams.emulator.stream.StreamFixture.sequenceNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamStoreJournalTests {

	private final StreamFixture f = new StreamFixture(3);

	/** Two tables, rolled shards, a disabled stream, a TTL removal. */
	private void buildHistory() {
		String todos = this.f.enable("NEW_AND_OLD_IMAGES");
		for (int i = 0; i < 7; i++) {
			this.f.store.append(todos, "INSERT", key("k" + i), null, item("k" + i, "new"), false);
			this.f.clock.advance(Duration.ofMillis(333));
		}
		this.f.store.append(todos, "MODIFY", key("k1"), item("k1", "new"), item("k1", "done"), false);
		this.f.store.append(todos, "REMOVE", key("k2"), item("k2", "new"), null, true);
		this.f.store.disable(todos);
		this.f.clock.advance(Duration.ofSeconds(1));
		String again = this.f.enable("KEYS_ONLY");
		this.f.put(again, "x");
		String leases = this.f.store.enable("Leases", "NEW_IMAGE", StreamFixture.KEY_SCHEMA).arn();
		this.f.put(leases, "lease-1");
	}

	/** Everything a client can observe, iterators included (same clock, so the same iterators). */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> observe(StreamStore store) {
		Map<String, Object> seen = new LinkedHashMap<>();
		Map<String, Object> list = store.listStreams(req());
		seen.put("list", list);
		for (Map<String, Object> stream : (List<Map<String, Object>>) list.get("Streams")) {
			String arn = (String) stream.get("StreamArn");
			Map<String, Object> description = store.describeStream(req("StreamArn", arn));
			seen.put(arn, description);
			for (Map<String, Object> shard : (List<Map<String, Object>>) ((Map<String, Object>) description
				.get("StreamDescription")).get("Shards")) {
				String shardId = (String) shard.get("ShardId");
				for (String type : List.of("TRIM_HORIZON", "LATEST")) {
					Map<String, Object> iterator = store
						.getShardIterator(req("StreamArn", arn, "ShardId", shardId, "ShardIteratorType", type));
					seen.put(shardId + type, iterator);
					seen.put(shardId + type + "read", store.getRecords(req("ShardIterator", iterator.get("ShardIterator"))));
				}
			}
		}
		return seen;
	}

	private StreamStore replayed(List<Map<String, Object>> events, List<Map<String, Object>> journal) {
		StreamStore store = new StreamStore(this.f.settings, this.f.clock, journal::add);
		events.forEach(store::replay);
		return store;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> throughJson(List<Map<String, Object>> events) {
		List<Map<String, Object>> parsed = new ArrayList<>();
		for (Map<String, Object> event : events) {
			parsed.add((Map<String, Object>) Json.parse(Json.write(event)));
		}
		return parsed;
	}

	@Test
	void journalsEveryStateChangeInOrder() {
		String arn = this.f.enable("KEYS_ONLY");
		this.f.put(arn, "a");
		this.f.put(arn, "b");
		this.f.put(arn, "c");
		this.f.store.disable(arn);
		assertThat(this.f.journal).extracting(e -> e.get("type"))
			.containsExactly("stream.enabled", "stream.shardOpened", "stream.record", "stream.record", "stream.record",
					"stream.shardClosed", "stream.shardOpened", "stream.shardClosed", "stream.disabled");
	}

	@Test
	void journalEventsHoldOnlyJsonTypes() {
		buildHistory();
		for (Map<String, Object> event : this.f.journal) {
			assertJsonAble(event);
		}
		for (Map<String, Object> event : this.f.store.snapshot()) {
			assertJsonAble(event);
		}
	}

	private static void assertJsonAble(Object value) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((k, v) -> {
				assertThat(k).isInstanceOf(String.class);
				assertJsonAble(v);
			});
		}
		else if (value instanceof List<?> list) {
			list.forEach(StreamStoreJournalTests::assertJsonAble);
		}
		else {
			assertThat(value).isInstanceOfAny(String.class, BigDecimal.class, Long.class, Boolean.class);
		}
	}

	@Test
	void replayedJournalAnswersIdentically() {
		buildHistory();
		List<Map<String, Object>> replayJournal = new ArrayList<>();
		StreamStore copy = replayed(List.copyOf(this.f.journal), replayJournal);
		assertThat(observe(copy)).isEqualTo(observe(this.f.store));
		assertThat(replayJournal).isEmpty();
	}

	@Test
	void replayedJournalAnswersIdenticallyAfterAJsonRoundTrip() {
		buildHistory();
		StreamStore copy = replayed(throughJson(this.f.journal), new ArrayList<>());
		assertThat(observe(copy)).isEqualTo(observe(this.f.store));
	}

	@Test
	void replayedSnapshotAnswersIdentically() {
		buildHistory();
		List<Map<String, Object>> snapshot = this.f.store.snapshot();
		StreamStore copy = replayed(throughJson(snapshot), new ArrayList<>());
		assertThat(observe(copy)).isEqualTo(observe(this.f.store));
		assertThat(throughJson(copy.snapshot())).isEqualTo(throughJson(this.f.store.snapshot()));
	}

	@Test
	void replayingTwiceChangesNothing() {
		buildHistory();
		List<Map<String, Object>> events = List.copyOf(this.f.journal);
		StreamStore copy = replayed(events, new ArrayList<>());
		events.forEach(copy::replay);
		assertThat(observe(copy)).isEqualTo(observe(this.f.store));
	}

	@Test
	void iteratorsSurviveARestart() {
		String arn = this.f.enable("KEYS_ONLY");
		String shard = this.f.shardId(arn, 0);
		this.f.put(arn, "a");
		Map<String, Object> read = this.f.getRecords(this.f.iterator(arn, shard, "TRIM_HORIZON"));
		this.f.put(arn, "b");
		StreamStore copy = replayed(throughJson(this.f.journal), new ArrayList<>());
		assertThat(StreamFixture.records(copy.getRecords(req("ShardIterator", StreamFixture.next(read))))).hasSize(1);
	}

	@Test
	void sequenceNumbersKeepIncreasingAfterARestart() {
		String arn = this.f.enable("KEYS_ONLY");
		String shard = this.f.shardId(arn, 0);
		this.f.put(arn, "a");
		String before = sequenceNumber(this.f.readAll(arn, shard).get(0));
		List<Map<String, Object>> journal = new ArrayList<>();
		StreamStore copy = replayed(throughJson(this.f.journal), journal);
		copy.append(arn, "INSERT", key("b"), null, null, false);
		assertThat(journal).extracting(e -> e.get("type")).containsExactly("stream.record");
		String after = (String) ((Map<?, ?>) ((Map<?, ?>) journal.get(0).get("record")).get("dynamodb"))
			.get("SequenceNumber");
		assertThat(new BigInteger(after)).isGreaterThan(new BigInteger(before));
	}

	@Test
	void snapshotKeepsTheSequenceCounterWhenEverythingAgedOut() {
		String arn = this.f.enable("KEYS_ONLY");
		for (int i = 0; i < 5; i++) {
			this.f.put(arn, "k" + i);
		}
		String last = sequenceNumber(this.f.readAll(arn, this.f.shardId(arn, 1)).get(1));
		this.f.clock.advance(Duration.ofDays(2));
		List<Map<String, Object>> snapshot = this.f.store.snapshot();
		assertThat(snapshot).extracting(e -> e.get("type")).doesNotContain("stream.record");
		List<Map<String, Object>> journal = new ArrayList<>();
		StreamStore copy = replayed(throughJson(snapshot), journal);
		copy.append(arn, "INSERT", key("new"), null, null, false);
		String next = (String) ((Map<?, ?>) ((Map<?, ?>) journal.get(journal.size() - 1).get("record")).get("dynamodb"))
			.get("SequenceNumber");
		assertThat(new BigInteger(next)).isGreaterThan(new BigInteger(last));
	}

	@Test
	void snapshotKeepsTheTrimHorizon() {
		StreamFixture g = new StreamFixture(new StreamSettings("us-east-1", "123456789012", Duration.ofMinutes(10), 0,
				Duration.ofHours(4), Duration.ofHours(1)));
		String arn = g.enable("KEYS_ONLY");
		String shard = g.shardId(arn, 0);
		g.put(arn, "old");
		String oldSequence = sequenceNumber(g.readAll(arn, shard).get(0));
		g.clock.advance(Duration.ofMinutes(5));
		g.put(arn, "new");
		g.clock.advance(Duration.ofMinutes(5));
		StreamStore copy = new StreamStore(g.settings, g.clock, e -> {
		});
		throughJson(g.store.snapshot()).forEach(copy::replay);
		assertThatThrownBy(() -> copy.getShardIterator(req("StreamArn", arn, "ShardId", shard, "ShardIteratorType",
				"AT_SEQUENCE_NUMBER", "SequenceNumber", oldSequence)))
			.isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("TrimmedDataAccessException");
		assertThat(observe(copy)).isEqualTo(observe(g.store));
	}

	@Test
	void labelsStayUniqueAfterARestart() {
		String first = this.f.enable("KEYS_ONLY");
		StreamStore copy = replayed(List.copyOf(this.f.journal), new ArrayList<>());
		String second = copy.enable("Todos", "KEYS_ONLY", StreamFixture.KEY_SCHEMA).arn();
		assertThat(second).isNotEqualTo(first).endsWith("2026-11-25T18:30:32.292");
	}

	@Test
	void replayedOldShardRollsOverWhenTouchedAndJournalsIt() {
		String arn = this.f.enable("KEYS_ONLY");
		List<Map<String, Object>> events = List.copyOf(this.f.journal);
		this.f.clock.advance(Duration.ofHours(5));
		List<Map<String, Object>> journal = new ArrayList<>();
		StreamStore copy = replayed(events, journal);
		assertThat(journal).isEmpty();
		copy.describeStream(req("StreamArn", arn));
		assertThat(journal).extracting(e -> e.get("type")).containsExactly("stream.shardClosed", "stream.shardOpened");
	}

	@Test
	void eventsOfUnknownStreamsAreIgnored() {
		StreamStore store = new StreamStore(this.f.settings, this.f.clock, e -> {
		});
		store.replay(Map.of("type", "stream.record", "streamArn", "arn:nope", "shardId", "s", "sequence", 5L));
		assertThat(store.listStreams(req())).extracting("Streams").asList().isEmpty();
	}

	@Test
	void unknownEventTypeIsRefused() {
		String arn = this.f.enable("KEYS_ONLY");
		assertThatThrownBy(() -> this.f.store.replay(Map.of("type", "stream.exploded", "streamArn", arn)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.f.store.replay(Map.of("streamArn", arn))).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	@SuppressWarnings("unchecked")
	void failingJournalLeavesTheStateUnchanged() {
		java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
		StreamStore store = new StreamStore(this.f.settings, this.f.clock, e -> {
			if (failing.get()) {
				throw new IllegalStateException("disk full");
			}
		});
		String arn = store.enable("Todos", "KEYS_ONLY", StreamFixture.KEY_SCHEMA).arn();
		failing.set(true);
		assertThatThrownBy(() -> store.append(arn, "INSERT", key("a"), null, null, false))
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("disk full");
		assertThatThrownBy(() -> store.disable(arn)).hasMessage("disk full");
		failing.set(false);
		assertThat(store.isEnabled(arn)).isTrue();
		Map<String, Object> description = (Map<String, Object>) store.describeStream(req("StreamArn", arn))
			.get("StreamDescription");
		List<?> shards = (List<?>) description.get("Shards");
		assertThat(shards).hasSize(1);
		String shardId = (String) ((Map<?, ?>) shards.get(0)).get("ShardId");
		String iterator = (String) store
			.getShardIterator(req("StreamArn", arn, "ShardId", shardId, "ShardIteratorType", "TRIM_HORIZON"))
			.get("ShardIterator");
		assertThat(StreamFixture.records(store.getRecords(req("ShardIterator", iterator)))).isEmpty();
	}

	@Test
	void snapshotOfAnEmptyStoreHoldsOnlyTheCounter() {
		assertThat(this.f.store.snapshot()).containsExactly(Map.of("type", "stream.sequence", "value", 0L));
	}

	@Test
	void snapshotLeavesOutAStreamThatAgedOut() {
		String arn = this.f.enable("KEYS_ONLY");
		this.f.put(arn, "a");
		this.f.store.disable(arn);
		this.f.clock.advance(Duration.ofHours(24));
		this.f.store.trimExpired();
		assertThat(this.f.store.snapshot()).extracting(e -> e.get("type")).containsExactly("stream.sequence");
		assertThat(this.f.store.isEnabled(arn)).isFalse();
	}
}
