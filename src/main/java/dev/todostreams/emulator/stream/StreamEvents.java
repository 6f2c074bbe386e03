package dev.todostreams.emulator.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The journal events of the stream store. Each is a map with a {@code type} and JSON-able values
 * (String, Long, Boolean, Map, List); readers also accept the BigDecimals a JSON parser returns.
 * <ul>
 * <li>{@code stream.enabled}: streamArn, tableName, streamLabel, viewType, keySchema, createdMillis</li>
 * <li>{@code stream.shardOpened}: streamArn, shardId, parentShardId (absent for the first), startingSequence, createdMillis</li>
 * <li>{@code stream.record}: streamArn, shardId, sequence, timeMillis, sizeBytes, record (the GetRecords wire form)</li>
 * <li>{@code stream.shardClosed}: streamArn, shardId, endingSequence, closedMillis</li>
 * <li>{@code stream.disabled}: streamArn, disabledMillis</li>
 * <li>{@code stream.shardTrimmed} (snapshots only): streamArn, shardId, trimmedCount, trimmedThroughSequence</li>
 * <li>{@code stream.sequence} (snapshots only): value, the last sequence number handed out</li>
 * </ul>
 */
final class StreamEvents {

	static final String ENABLED = "stream.enabled";

	static final String DISABLED = "stream.disabled";

	static final String SHARD_OPENED = "stream.shardOpened";

	static final String SHARD_CLOSED = "stream.shardClosed";

	static final String SHARD_TRIMMED = "stream.shardTrimmed";

	static final String RECORD = "stream.record";

	static final String SEQUENCE = "stream.sequence";

	private StreamEvents() {
	}

	static Map<String, Object> enabled(StreamState stream) {
		Map<String, Object> event = start(ENABLED, stream.arn);
		event.put("tableName", stream.tableName);
		event.put("streamLabel", stream.label);
		event.put("viewType", stream.viewType);
		event.put("keySchema", stream.keySchema);
		event.put("createdMillis", stream.createdMillis);
		return event;
	}

	static Map<String, Object> disabled(String streamArn, long disabledMillis) {
		Map<String, Object> event = start(DISABLED, streamArn);
		event.put("disabledMillis", disabledMillis);
		return event;
	}

	static Map<String, Object> shardOpened(String streamArn, Shard shard) {
		Map<String, Object> event = start(SHARD_OPENED, streamArn);
		event.put("shardId", shard.id);
		if (shard.parentId != null) {
			event.put("parentShardId", shard.parentId);
		}
		event.put("startingSequence", shard.startingSequence);
		event.put("createdMillis", shard.createdMillis);
		return event;
	}

	static Map<String, Object> shardClosed(String streamArn, Shard shard) {
		return shardClosed(streamArn, shard.id, shard.endingSequence(), shard.closedMillis());
	}

	static Map<String, Object> shardClosed(String streamArn, String shardId, long endingSequence, long closedMillis) {
		Map<String, Object> event = start(SHARD_CLOSED, streamArn);
		event.put("shardId", shardId);
		event.put("endingSequence", endingSequence);
		event.put("closedMillis", closedMillis);
		return event;
	}

	static Map<String, Object> shardTrimmed(String streamArn, Shard shard) {
		Map<String, Object> event = start(SHARD_TRIMMED, streamArn);
		event.put("shardId", shard.id);
		event.put("trimmedCount", shard.trimmedCount());
		event.put("trimmedThroughSequence", shard.trimmedThroughSequence());
		return event;
	}

	static Map<String, Object> record(String streamArn, String shardId, StreamRecord record) {
		Map<String, Object> event = start(RECORD, streamArn);
		event.put("shardId", shardId);
		event.put("sequence", record.sequence());
		event.put("timeMillis", record.timeMillis());
		event.put("sizeBytes", (long) record.sizeBytes());
		event.put("record", record.wire());
		return event;
	}

	static Map<String, Object> sequence(long value) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", SEQUENCE);
		event.put("value", value);
		return event;
	}

	private static Map<String, Object> start(String type, String streamArn) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("streamArn", streamArn);
		return event;
	}

	// ---------------------------------------------------------------- reading

	static String string(Map<String, Object> event, String field) {
		Object value = event.get(field);
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException("Stream journal event " + event.get("type") + " lacks " + field);
		}
		return text;
	}

	static @Nullable String optionalString(Map<String, Object> event, String field) {
		Object value = event.get(field);
		return (value instanceof String text) ? text : null;
	}

	static long number(Map<String, Object> event, String field) {
		Object value = event.get(field);
		if (!(value instanceof Number number)) {
			throw new IllegalArgumentException("Stream journal event " + event.get("type") + " lacks " + field);
		}
		return number.longValue();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> event, String field) {
		Object value = event.get(field);
		if (!(value instanceof Map<?, ?>)) {
			throw new IllegalArgumentException("Stream journal event " + event.get("type") + " lacks " + field);
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> keySchema(Map<String, Object> event) {
		Object value = event.get("keySchema");
		if (!(value instanceof List<?>)) {
			throw new IllegalArgumentException("Stream journal event " + event.get("type") + " lacks keySchema");
		}
		return (List<Map<String, Object>>) freeze(value);
	}

	/** A deep unmodifiable copy of a JSON value, so stored wire forms cannot be changed by callers. */
	@SuppressWarnings("unchecked")
	static Object freeze(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
			map.forEach((k, v) -> copy.put((String) k, freeze(v)));
			return Collections.unmodifiableMap(copy);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (Object o : list) {
				copy.add(freeze(o));
			}
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> freezeMap(Map<String, ?> map) {
		return (Map<String, Object>) freeze(map);
	}
}
