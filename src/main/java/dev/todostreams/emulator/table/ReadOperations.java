package dev.todostreams.emulator.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.api.Requests;
import dev.todostreams.emulator.expr.Condition;
import dev.todostreams.emulator.expr.ExpressionContext;
import dev.todostreams.emulator.expr.Expressions;
import dev.todostreams.emulator.expr.KeyCondition;
import dev.todostreams.emulator.expr.Projection;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/** GetItem, Query and Scan on tables and secondary indexes. */
final class ReadOperations {

	/** DynamoDB stops a Query or Scan page after 1 MB of data read. */
	static final int MAX_PAGE_BYTES = 1024 * 1024;

	private final Database db;

	ReadOperations(Database db) {
		this.db = db;
	}

	Map<String, Object> getItem(Map<String, Object> request) {
		// the request is validated before its table is looked up, as DynamoDB does
		String tableName = Requests.tableName(request);
		Map<String, Value> rawKey = ItemOperations.key(request);
		Requests.bool(request, "ConsistentRead", false);
		ExpressionContext ctx = ItemOperations.context(request);
		Projection projection = projection(request, ctx);
		ctx.checkAllUsed();
		Requests.oneOf(request, "ReturnConsumedCapacity", "NONE", "NONE", "TOTAL", "INDEXES");
		Table table = db.table(tableName);
		Key key = table.keyOfRequest(rawKey);
		Map<String, Value> item = table.get(key);
		Map<String, Object> response = new LinkedHashMap<>();
		if (item != null) {
			response.put("Item", Values.toJson(projection == null ? item : projection.apply(item)));
		}
		String capacityMode = Capacity.mode(request);
		if (!capacityMode.equals("NONE")) {
			Capacity.report(capacityMode, new Capacity(table).read(item == null ? 0 : table.storedSize(key, item),
					Requests.bool(request, "ConsistentRead", false), 1, null), response);
		}
		return response;
	}

	static @Nullable Projection projection(Map<String, Object> request, ExpressionContext ctx) {
		String expression = Requests.string(request, "ProjectionExpression");
		List<Object> attributes = Requests.list(request, "AttributesToGet");
		if (expression != null) {
			if (attributes != null) {
				throw ItemOperations.mixed("{AttributesToGet}", "{ProjectionExpression}");
			}
			return Expressions.projection(expression, ctx);
		}
		if (attributes != null) {
			if (attributes.isEmpty()) {
				throw AwsException.validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1");
			}
			return Expressions.attributesToGet(attributes);
		}
		return null;
	}

	Map<String, Object> query(Map<String, Object> request) {
		String tableName = Requests.tableName(request);
		ExpressionContext ctx = ItemOperations.context(request);
		String keyExpression = Requests.string(request, "KeyConditionExpression");
		Map<String, Object> keyConditions = Requests.map(request, "KeyConditions");
		KeyCondition keyCondition;
		if (keyExpression != null) {
			if (keyConditions != null) {
				throw ItemOperations.mixed("{KeyConditions}", "{KeyConditionExpression}");
			}
			keyCondition = Expressions.keyCondition(keyExpression, ctx);
		}
		else if (keyConditions != null) {
			keyCondition = Expressions.keyConditions(keyConditions);
		}
		else {
			throw AwsException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
		}
		Condition filter = filter(request, ctx, "QueryFilter");
		Projection projection = projection(request, ctx);
		ctx.checkAllUsed();
		boolean forward = Requests.bool(request, "ScanIndexForward", true);
		Integer limit = limit(request);
		Map<String, Value> exclusiveStart = exclusiveStartKey(request);
		Requests.oneOf(request, "ReturnConsumedCapacity", "NONE", "NONE", "TOTAL", "INDEXES");
		// only now the table: an invalid request to a missing table is a ValidationException, as in DynamoDB
		Table table = db.table(tableName);
		Index index = index(table, request);
		KeyAttribute hash = index == null ? table.hash : index.definition.hash();
		KeyAttribute range = index == null ? table.range : index.definition.range();
		keyCondition = keyCondition.forKeySchema(hash.name(), range == null ? null : range.name());
		if (!keyCondition.hashValue().type().equals(hash.type())) {
			throw AwsException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
		}
		for (Value v : keyCondition.rangeValues()) {
			if (range != null && !v.type().equals(range.type()) && keyCondition.operator() != KeyCondition.RangeOperator.BEGINS_WITH) {
				throw AwsException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
			}
		}
		String select = select(request, index, projection);

		NavigableMap<?, ?> entries;
		if (index == null) {
			NavigableMap<Key, Table.Slot> part = table.items.subMap(Key.lowest(keyCondition.hashValue()), true,
					Key.highest(keyCondition.hashValue()), true);
			if (exclusiveStart != null) {
				Key start = startKey(table, exclusiveStart);
				checkWithinQuery(keyCondition, start.hash(), start.range());
				part = forward ? part.tailMap(start, false) : part.headMap(start, false);
			}
			entries = forward ? part : part.descendingMap();
		}
		else {
			NavigableMap<IndexKey, Map<String, Value>> part = index.entries.subMap(IndexKey.lowest(keyCondition.hashValue()), true,
					IndexKey.highest(keyCondition.hashValue()), true);
			if (exclusiveStart != null) {
				IndexKey start = indexStartKey(table, index, exclusiveStart);
				checkWithinQuery(keyCondition, start.hash(), start.range());
				part = forward ? part.tailMap(start, false) : part.headMap(start, false);
			}
			entries = forward ? part : part.descendingMap();
		}
		final KeyCondition condition = keyCondition;
		final KeyAttribute rangeAttribute = range;
		return page(table, index, entries, limit, filter, projection, select, request, item -> condition
			.matchesRange(rangeAttribute == null ? null : item.get(rangeAttribute.name())));
	}

	Map<String, Object> scan(Map<String, Object> request) {
		String tableName = Requests.tableName(request);
		ExpressionContext ctx = ItemOperations.context(request);
		Condition filter = filter(request, ctx, "ScanFilter");
		Projection projection = projection(request, ctx);
		ctx.checkAllUsed();
		Integer limit = limit(request);
		Integer segment = Requests.integer(request, "Segment");
		Integer totalSegments = Requests.integer(request, "TotalSegments");
		if ((segment == null) != (totalSegments == null)) {
			throw AwsException.validation(segment == null
					? "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
					: "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
		}
		if (totalSegments != null) {
			if (totalSegments < 1 || totalSegments > 1_000_000) {
				throw AwsException.validation("1 validation error detected: Value '" + totalSegments
						+ "' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000 and greater than or equal to 1");
			}
			if (segment < 0 || segment >= totalSegments) {
				throw AwsException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
						+ segment + " is not less than TotalSegments: " + totalSegments);
			}
		}
		Map<String, Value> exclusiveStart = exclusiveStartKey(request);
		Requests.oneOf(request, "ReturnConsumedCapacity", "NONE", "NONE", "TOTAL", "INDEXES");
		Table table = db.table(tableName);
		Index index = index(table, request);
		String select = select(request, index, projection);
		// Developer Guide, "Parallel scan": each segment is one contiguous range of partition key hashes (segment 0
		// of 4 lies inside segment 0 of 2), and a Scan returns items in hash order, not in key order
		long from = totalSegments == null ? 0 : Key.segmentStart(segment, totalSegments);
		long to = totalSegments == null ? Key.POSITIONS : Key.segmentStart(segment + 1, totalSegments);
		NavigableMap<?, ?> entries;
		if (index == null) {
			NavigableMap<Key, Table.Slot> range = table.items.subMap(Key.atPosition(from), true, Key.atPosition(to), false);
			if (exclusiveStart == null) {
				entries = range;
			}
			else {
				Key start = startKey(table, exclusiveStart);
				checkInSegment(start.position(), from, to);
				entries = range.tailMap(start, false);
			}
		}
		else {
			NavigableMap<IndexKey, Map<String, Value>> range = index.entries.subMap(IndexKey.atPosition(from), true,
					IndexKey.atPosition(to), false);
			if (exclusiveStart == null) {
				entries = range;
			}
			else {
				IndexKey start = indexStartKey(table, index, exclusiveStart);
				checkInSegment(start.position(), from, to);
				entries = range.tailMap(start, false);
			}
		}
		return page(table, index, entries, limit, filter, projection, select, request, item -> true);
	}

	/** A parallel scan's starting key must lie in its segment (outside, the sorted map cannot be cut at it). */
	private static void checkInSegment(long position, long from, long to) {
		if (position < from || position >= to) {
			throw AwsException.validation("The provided Exclusive start key does not map to the provided Segment and TotalSegments values.");
		}
	}

	private interface KeyTest {

		boolean matches(Map<String, Value> item);
	}

	private Map<String, Object> page(Table table, @Nullable Index index, NavigableMap<?, ?> entries,
			@Nullable Integer limit, @Nullable Condition filter, @Nullable Projection projection, String select,
			Map<String, Object> request, KeyTest keyTest) {
		List<Object> items = new ArrayList<>();
		int count = 0;
		int scanned = 0;
		long bytes = 0;
		boolean seenMatch = false;
		boolean stopped = false;
		Map<String, Value> last = null;
		for (Map.Entry<?, ?> entry : entries.entrySet()) {
			Map<String, Value> stored = Table.itemOf(entry.getValue());
			if (!keyTest.matches(stored)) {
				if (seenMatch) {
					break;
				}
				continue;
			}
			seenMatch = true;
			scanned++;
			bytes += Values.itemSize(stored);
			last = stored;
			// API Reference, Query/Scan: a page ends when Limit items were evaluated or 1 MB was read, and then
			// carries LastEvaluatedKey even if nothing follows (only an empty LastEvaluatedKey means the end)
			if (limit != null && scanned >= limit || bytes >= MAX_PAGE_BYTES) {
				stopped = true;
			}
			Map<String, Value> item = stored;
			if (index != null && !index.definition.global() && "ALL_ATTRIBUTES".equals(select)) {
				Map<String, Value> full = table.get(Key.of(stored.get(table.hash.name()),
						table.range == null ? null : stored.get(table.range.name())));
				if (full != null) {
					item = full;
				}
			}
			if (filter != null && !filter.test(item)) {
				if (stopped) {
					break;
				}
				continue;
			}
			count++;
			if (!"COUNT".equals(select)) {
				items.add(Values.toJson(projection == null ? item : projection.apply(item)));
			}
			if (stopped) {
				break;
			}
		}
		Map<String, Object> response = new LinkedHashMap<>();
		if (!"COUNT".equals(select)) {
			response.put("Items", items);
		}
		response.put("Count", count);
		response.put("ScannedCount", scanned);
		if (stopped && last != null) {
			response.put("LastEvaluatedKey", Values.toJson(lastEvaluatedKey(table, index, last)));
		}
		String capacityMode = Capacity.mode(request);
		if (!capacityMode.equals("NONE")) {
			Capacity.report(capacityMode,
					new Capacity(table).read(bytes, Requests.bool(request, "ConsistentRead", false), 1, index), response);
		}
		return response;
	}

	private static Map<String, Value> lastEvaluatedKey(Table table, @Nullable Index index, Map<String, Value> item) {
		Map<String, Value> key = new LinkedHashMap<>();
		copy(item, key, table.hash.name());
		if (table.range != null) {
			copy(item, key, table.range.name());
		}
		if (index != null) {
			copy(item, key, index.definition.hash().name());
			if (index.definition.range() != null) {
				copy(item, key, index.definition.range().name());
			}
		}
		return key;
	}

	private static void copy(Map<String, Value> from, Map<String, Value> to, String name) {
		Value v = from.get(name);
		if (v != null) {
			to.put(name, v);
		}
	}

	private @Nullable Index index(Table table, Map<String, Object> request) {
		String name = Requests.string(request, "IndexName");
		if (name == null) {
			return null;
		}
		Index index = table.indexes.get(name);
		if (index == null) {
			throw AwsException.validation("The table does not have the specified index: " + name);
		}
		if (index.definition.global() && Requests.bool(request, "ConsistentRead", false)) {
			throw AwsException.validation("Consistent reads are not supported on global secondary indexes");
		}
		if (index.definition.global()) {
			db.checkReadable(index);
		}
		return index;
	}

	private static @Nullable Condition filter(Map<String, Object> request, ExpressionContext ctx, String legacyField) {
		String expression = Requests.string(request, "FilterExpression");
		Map<String, Object> legacy = Requests.map(request, legacyField);
		if (expression != null) {
			if (legacy != null) {
				throw ItemOperations.mixed("{" + legacyField + "}", "{FilterExpression}");
			}
			return Expressions.filter(expression, ctx);
		}
		if (legacy != null) {
			return Expressions.legacyFilter(legacy, Requests.string(request, "ConditionalOperator"));
		}
		return null;
	}

	private static String select(Map<String, Object> request, @Nullable Index index, @Nullable Projection projection) {
		String fallback = projection != null ? "SPECIFIC_ATTRIBUTES" : index != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
		String select = Requests.oneOf(request, "Select", fallback, "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
				"SPECIFIC_ATTRIBUTES", "COUNT");
		if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
			throw AwsException.validation("Cannot specify the ProjectionExpression or AttributesToGet when choosing to get "
					+ select);
		}
		if (select.equals("ALL_PROJECTED_ATTRIBUTES") && index == null) {
			throw AwsException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
		}
		if (select.equals("ALL_ATTRIBUTES") && index != null && index.definition.global()
				&& !"ALL".equals(index.definition.projectionType())) {
			throw AwsException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index "
					+ index.definition.name() + " because its projection type is not ALL");
		}
		return select;
	}

	private static @Nullable Integer limit(Map<String, Object> request) {
		Integer limit = Requests.integer(request, "Limit");
		if (limit != null && limit < 1) {
			throw AwsException.validation("1 validation error detected: Value '" + limit
					+ "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
		}
		return limit;
	}

	/** A Query's starting key must lie inside the key condition (outside, the sorted map cannot be cut at it). */
	private static void checkWithinQuery(KeyCondition condition, Value hash, @Nullable Value range) {
		if (Key.compareValues(hash, condition.hashValue()) != 0 || !condition.matchesRange(range)) {
			throw AwsException.validation("The provided starting key is outside query boundaries based on provided conditions");
		}
	}

	private static @Nullable Map<String, Value> exclusiveStartKey(Map<String, Object> request) {
		Object raw = request.get("ExclusiveStartKey");
		return raw == null ? null : Values.item(raw, "ExclusiveStartKey");
	}

	private static Key startKey(Table table, Map<String, Value> start) {
		Map<String, Value> key = new LinkedHashMap<>();
		copy(start, key, table.hash.name());
		if (table.range != null) {
			copy(start, key, table.range.name());
		}
		try {
			return table.keyOfRequest(key);
		}
		catch (AwsException ex) {
			throw AwsException.validation("The provided starting key is invalid: " + ex.getMessage());
		}
	}

	private static IndexKey indexStartKey(Table table, Index index, Map<String, Value> start) {
		Key tableKey = startKey(table, start);
		IndexKey key = index.keyOf(tableKey, start);
		if (key == null) {
			throw AwsException.validation("The provided starting key is invalid: The provided key element does not match the schema");
		}
		return key;
	}
}
