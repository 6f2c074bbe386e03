package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.todostreams.testsupport.MutableClock;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;

/** A store on a mutable clock with an in-memory journal, plus request and item builders. */
class StreamFixture {

	static final Instant START = Instant.parse("2026-11-25T18:30:32.291Z");

	static final List<Map<String, Object>> KEY_SCHEMA = List
		.of(Map.of("AttributeName", "pk", "KeyType", "HASH"));

	final MutableClock clock = new MutableClock(START);

	final List<Map<String, Object>> journal = Collections.synchronizedList(new ArrayList<>());

	final StreamSettings settings;

	final StreamStore store;

	StreamFixture() {
		this(0);
	}

	StreamFixture(int rolloverRecords) {
		this(new StreamSettings("us-east-1", "123456789012", Duration.ofHours(24), rolloverRecords,
				Duration.ofHours(4), Duration.ofMinutes(15)));
	}

	StreamFixture(StreamSettings settings) {
		this.settings = settings;
		this.store = new StreamStore(settings, this.clock, this.journal::add);
	}

	String enable(String viewType) {
		return this.store.enable("Todos", viewType, KEY_SCHEMA).arn();
	}

	static Map<String, Value> key(String pk) {
		Map<String, Value> key = new LinkedHashMap<>();
		key.put("pk", new Value.S(pk));
		return key;
	}

	static Map<String, Value> item(String pk, String status) {
		Map<String, Value> item = key(pk);
		item.put("status", new Value.S(status));
		item.put("n", new Value.N(new BigDecimal("1.50")));
		return item;
	}

	void put(String arn, String pk) {
		this.store.append(arn, "INSERT", key(pk), null, item(pk, "new"), false);
	}

	static Map<String, Object> req(Object... keysAndValues) {
		Map<String, Object> request = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			request.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return request;
	}

	@SuppressWarnings("unchecked")
	List<Map<String, Object>> shards(String arn) {
		Map<String, Object> description = (Map<String, Object>) this.store.describeStream(req("StreamArn", arn))
			.get("StreamDescription");
		return (List<Map<String, Object>>) description.get("Shards");
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> description(String arn) {
		return (Map<String, Object>) this.store.describeStream(req("StreamArn", arn)).get("StreamDescription");
	}

	String shardId(String arn, int index) {
		return (String) shards(arn).get(index).get("ShardId");
	}

	String iterator(String arn, String shardId, String type) {
		return (String) this.store
			.getShardIterator(req("StreamArn", arn, "ShardId", shardId, "ShardIteratorType", type))
			.get("ShardIterator");
	}

	String iterator(String arn, String shardId, String type, String sequenceNumber) {
		return (String) this.store
			.getShardIterator(
					req("StreamArn", arn, "ShardId", shardId, "ShardIteratorType", type, "SequenceNumber", sequenceNumber))
			.get("ShardIterator");
	}

	Map<String, Object> getRecords(String iterator) {
		return this.store.getRecords(req("ShardIterator", iterator));
	}

	Map<String, Object> getRecords(String iterator, int limit) {
		return this.store.getRecords(req("ShardIterator", iterator, "Limit", BigDecimal.valueOf(limit)));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> records(Map<String, Object> response) {
		return (List<Map<String, Object>>) response.get("Records");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> dynamodb(Map<String, Object> record) {
		return (Map<String, Object>) record.get("dynamodb");
	}

	static String sequenceNumber(Map<String, Object> record) {
		return (String) dynamodb(record).get("SequenceNumber");
	}

	static @Nullable String next(Map<String, Object> response) {
		return (String) response.get("NextShardIterator");
	}

	/** Reads a shard from TRIM_HORIZON to its end (or to the current end of an open shard). */
	List<Map<String, Object>> readAll(String arn, String shardId) {
		List<Map<String, Object>> all = new ArrayList<>();
		String iterator = iterator(arn, shardId, "TRIM_HORIZON");
		while (iterator != null) {
			Map<String, Object> response = getRecords(iterator);
			List<Map<String, Object>> records = records(response);
			all.addAll(records);
			if (records.isEmpty()) {
				break;
			}
			iterator = next(response);
		}
		return all;
	}
}
