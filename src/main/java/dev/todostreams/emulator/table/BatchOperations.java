package dev.todostreams.emulator.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.api.Requests;
import dev.todostreams.emulator.expr.ExpressionContext;
import dev.todostreams.emulator.expr.Projection;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/** BatchGetItem, BatchWriteItem, TransactWriteItems and TransactGetItems. */
final class BatchOperations {

	private static final int MAX_BATCH_GET = 100;

	private static final long MAX_BATCH_GET_BYTES = 16L * 1024 * 1024;

	private static final int MAX_BATCH_WRITE = 25;

	private static final int MAX_TRANSACTION = 100;

	private final Database db;

	private final ItemOperations items;

	/**
	 * An item's identity inside one request, compared by value (binary keys by their bytes: a string form of a
	 * key would make two binary keys of equal length look the same).
	 */
	private record TableKey(String table, Key key) {
	}

	BatchOperations(Database db, ItemOperations items) {
		this.db = db;
		this.items = items;
	}

	Map<String, Object> batchGetItem(Map<String, Object> request) {
		Map<String, Object> requestItems = requestItems(request);
		String capacityMode = Capacity.mode(request);
		// the request is validated as a whole before any table is looked up (API Reference, BatchGetItem: more than
		// 100 keys is a ValidationException)
		int total = 0;
		for (Map.Entry<String, Object> e : requestItems.entrySet()) {
			Requests.checkTableName(e.getKey(), "RequestItems");
			Map<String, Object> spec = Requests.asMap(e.getValue(), "RequestItems." + e.getKey());
			List<Object> rawKeys = Requests.list(spec, "Keys");
			if (rawKeys == null || rawKeys.isEmpty()) {
				throw AwsException.validation("1 validation error detected: Value null at 'requestItems." + e.getKey()
						+ ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
			}
			total += rawKeys.size();
		}
		if (total > MAX_BATCH_GET) {
			throw AwsException.validation("Too many items requested for the BatchGetItem call");
		}
		record TableRead(Table table, Map<String, Object> spec, List<Key> keys, @Nullable Projection projection) {
		}
		List<TableRead> reads = new ArrayList<>();
		for (Map.Entry<String, Object> e : requestItems.entrySet()) {
			Map<String, Object> spec = Requests.asMap(e.getValue(), "RequestItems." + e.getKey());
			Requests.bool(spec, "ConsistentRead", false);
			ExpressionContext ctx = ItemOperations.context(spec);
			Projection projection = ReadOperations.projection(spec, ctx);
			ctx.checkAllUsed();
			Table table = db.table(e.getKey());
			Set<Key> seen = new HashSet<>();
			List<Key> keys = new ArrayList<>();
			for (Object raw : Requests.list(spec, "Keys")) {
				Key key = table.keyOfRequest(Values.item(raw, "Keys"));
				if (!seen.add(key)) {
					throw AwsException.validation("Provided list of item keys contains duplicates");
				}
				keys.add(key);
			}
			reads.add(new TableRead(table, spec, keys, projection));
		}
		// API Reference, BatchGetItem: at most 16 MB per call; the keys past it come back in UnprocessedKeys
		long bytes = 0;
		Map<String, Object> responses = new LinkedHashMap<>();
		Map<String, Object> unprocessed = new LinkedHashMap<>();
		List<Capacity> capacities = new ArrayList<>();
		for (TableRead read : reads) {
			List<Object> found = new ArrayList<>();
			List<Object> left = new ArrayList<>();
			Capacity capacity = new Capacity(read.table());
			boolean consistent = Requests.bool(read.spec(), "ConsistentRead", false);
			for (Key key : read.keys()) {
				if (bytes >= MAX_BATCH_GET_BYTES) {
					left.add(Values.toJson(read.table().keyAttributes(key)));
					continue;
				}
				Map<String, Value> item = read.table().get(key);
				int size = item == null ? 0 : read.table().storedSize(key, item);
				// each item of a batch is rounded up to 4 KB on its own
				capacity.read(size, consistent, 1, null);
				if (item != null) {
					bytes += size;
					found.add(Values.toJson(read.projection() == null ? item : read.projection().apply(item)));
				}
			}
			capacities.add(capacity);
			responses.put(read.table().name, found);
			if (!left.isEmpty()) {
				Map<String, Object> rest = new LinkedHashMap<>(read.spec());
				rest.put("Keys", left);
				unprocessed.put(read.table().name, rest);
			}
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Responses", responses);
		response.put("UnprocessedKeys", unprocessed);
		Capacity.report(capacityMode, capacities, response);
		return response;
	}

	Map<String, Object> batchWriteItem(Map<String, Object> request) {
		Map<String, Object> requestItems = requestItems(request);
		String capacityMode = Capacity.mode(request);
		// validated as a whole before any table is looked up (API Reference, BatchWriteItem: at most 25 requests)
		int total = 0;
		for (Map.Entry<String, Object> e : requestItems.entrySet()) {
			Requests.checkTableName(e.getKey(), "RequestItems");
			Object raw = e.getValue();
			if (!(raw instanceof List<?> list) || list.isEmpty()) {
				throw AwsException.validation("1 validation error detected: Value at 'requestItems." + e.getKey()
						+ "' failed to satisfy constraint: Member must have length greater than or equal to 1");
			}
			total += list.size();
		}
		if (total > MAX_BATCH_WRITE) {
			throw AwsException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length less than or equal to 25");
		}
		List<Write> writes = new ArrayList<>();
		Set<TableKey> seen = new HashSet<>();
		for (Map.Entry<String, Object> e : requestItems.entrySet()) {
			for (Object o : (List<?>) e.getValue()) {
				Map<String, Object> writeRequest = Requests.asMap(o, "RequestItems." + e.getKey());
				Map<String, Object> put = Requests.map(writeRequest, "PutRequest");
				Map<String, Object> delete = Requests.map(writeRequest, "DeleteRequest");
				if ((put == null) == (delete == null)) {
					throw AwsException.validation("A WriteRequest must contain exactly one of PutRequest or DeleteRequest");
				}
				Write write = put != null ? items.parsePut(put, e.getKey()) : items.parseDelete(delete, e.getKey());
				if (!seen.add(new TableKey(e.getKey(), write.key))) {
					throw AwsException.validation("Provided list of item keys contains duplicates");
				}
				writes.add(write);
			}
		}
		Map<String, Capacity> capacities = new LinkedHashMap<>();
		db.writeLock.lock();
		try {
			for (Write write : writes) {
				db.checkWritable(write.table);
			}
			for (Write write : writes) {
				Map<String, Value> before = write.table.get(write.key);
				Map<String, Value> after = write.apply(before);
				db.commit(write.table, write.key, before, after, false);
				capacities.computeIfAbsent(write.table.name, n -> new Capacity(write.table)).write(before, after, 1);
			}
		}
		finally {
			db.writeLock.unlock();
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("UnprocessedItems", Map.of());
		Capacity.report(capacityMode, new ArrayList<>(capacities.values()), response);
		return response;
	}

	Map<String, Object> transactWriteItems(Map<String, Object> request) {
		List<Object> transactItems = transactItems(request);
		String capacityMode = Capacity.mode(request);
		List<Write> writes = new ArrayList<>();
		Set<TableKey> seen = new HashSet<>();
		for (Object o : transactItems) {
			Map<String, Object> action = Requests.asMap(o, "TransactItems");
			if (action.size() != 1) {
				throw AwsException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
			}
			Map.Entry<String, Object> e = action.entrySet().iterator().next();
			Map<String, Object> spec = Requests.asMap(e.getValue(), "TransactItems." + e.getKey());
			String tableName = Database.tableNameOf(Requests.required(spec, "TableName"));
			Write write = switch (e.getKey()) {
				case "Put" -> items.parsePut(spec, tableName);
				case "Delete" -> items.parseDelete(spec, tableName);
				case "Update" -> items.parseUpdate(spec, tableName);
				case "ConditionCheck" -> items.parseConditionCheck(spec, tableName);
				default -> throw AwsException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
			};
			if (!seen.add(new TableKey(tableName, write.key))) {
				throw AwsException.validation("Transaction request cannot include multiple operations on one item");
			}
			writes.add(write);
		}
		db.writeLock.lock();
		try {
			for (Write write : writes) {
				db.checkWritable(write.table);
			}
			List<Map<String, Object>> reasons = new ArrayList<>();
			List<Map<String, Value>> befores = new ArrayList<>();
			boolean failed = false;
			for (Write write : writes) {
				Map<String, Value> before = write.table.get(write.key);
				befores.add(before);
				Map<String, Object> reason = new LinkedHashMap<>();
				if (write.conditionHolds(before)) {
					reason.put("Code", "None");
				}
				else {
					failed = true;
					reason.put("Code", "ConditionalCheckFailed");
					reason.put("Message", "The conditional request failed");
					if ("ALL_OLD".equals(write.returnValuesOnConditionCheckFailure) && before != null) {
						reason.put("Item", Values.toJson(before));
					}
				}
				reasons.add(reason);
			}
			if (failed) {
				List<String> codes = reasons.stream().map(r -> (String) r.get("Code")).toList();
				throw new AwsException("TransactionCanceledException",
						"Transaction cancelled, please refer cancellation reasons for specific reasons " + codes)
					.with("CancellationReasons", reasons);
			}
			List<Map<String, Value>> afters = new ArrayList<>();
			for (int i = 0; i < writes.size(); i++) {
				Map<String, Value> after = writes.get(i).apply(befores.get(i));
				if (after != null && Values.itemSize(after) > Values.MAX_ITEM_BYTES) {
					throw AwsException.validation("Item size has exceeded the maximum allowed size");
				}
				if (after != null) {
					// before any commit: a refusal inside the atomic group would leave the transaction half applied
					Values.checkNesting(after);
				}
				afters.add(after);
			}
			db.atomically(() -> {
				for (int i = 0; i < writes.size(); i++) {
					Write write = writes.get(i);
					if (write.kind != Write.Kind.CONDITION_CHECK) {
						db.commit(write.table, write.key, befores.get(i), afters.get(i), false);
					}
				}
			});
			// a transactional write costs twice a plain one
			Map<String, Capacity> capacities = new LinkedHashMap<>();
			for (int i = 0; i < writes.size(); i++) {
				Write write = writes.get(i);
				Capacity capacity = capacities.computeIfAbsent(write.table.name, n -> new Capacity(write.table));
				if (write.kind == Write.Kind.CONDITION_CHECK) {
					capacity.check(befores.get(i) == null ? 0 : Values.itemSize(befores.get(i)), 2);
				}
				else {
					capacity.write(befores.get(i), afters.get(i), 2);
				}
			}
			Map<String, Object> response = new LinkedHashMap<>();
			Capacity.report(capacityMode, new ArrayList<>(capacities.values()), response);
			return response;
		}
		finally {
			db.writeLock.unlock();
		}
	}

	Map<String, Object> transactGetItems(Map<String, Object> request) {
		List<Object> transactItems = transactItems(request);
		String capacityMode = Capacity.mode(request);
		record Read(Table table, Key key, @Nullable Projection projection) {
		}
		List<Read> reads = new ArrayList<>();
		for (Object o : transactItems) {
			Map<String, Object> action = Requests.asMap(o, "TransactItems");
			Map<String, Object> get = Requests.map(action, "Get");
			if (get == null || action.size() != 1) {
				throw AwsException.validation("TransactItems of TransactGetItems can only contain Get");
			}
			String tableName = Database.tableNameOf(Requests.required(get, "TableName"));
			Map<String, Value> rawKey = ItemOperations.key(get);
			ExpressionContext ctx = ItemOperations.context(get);
			Projection projection = ReadOperations.projection(get, ctx);
			ctx.checkAllUsed();
			Table table = db.table(tableName);
			Key key = table.keyOfRequest(rawKey);
			reads.add(new Read(table, key, projection));
		}
		List<Object> responses = new ArrayList<>();
		Map<String, Capacity> capacities = new LinkedHashMap<>();
		db.writeLock.lock();
		try {
			for (Read read : reads) {
				Map<String, Value> item = read.table().get(read.key());
				// a transactional read costs twice a strongly consistent one
				capacities.computeIfAbsent(read.table().name, n -> new Capacity(read.table()))
					.read(item == null ? 0 : Values.itemSize(item), true, 2, null);
				if (item == null) {
					responses.add(Map.of());
				}
				else {
					responses.add(Map.of("Item", Values.toJson(read.projection() == null ? item : read.projection().apply(item))));
				}
			}
		}
		finally {
			db.writeLock.unlock();
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Responses", responses);
		Capacity.report(capacityMode, new ArrayList<>(capacities.values()), response);
		return response;
	}

	private static Map<String, Object> requestItems(Map<String, Object> request) {
		Map<String, Object> requestItems = Requests.map(request, "RequestItems");
		if (requestItems == null || requestItems.isEmpty()) {
			throw AwsException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
		}
		return requestItems;
	}

	private static List<Object> transactItems(Map<String, Object> request) {
		List<Object> list = Requests.list(request, "TransactItems");
		if (list == null || list.isEmpty() || list.size() > MAX_TRANSACTION) {
			throw AwsException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to "
					+ MAX_TRANSACTION + " and greater than or equal to 1");
		}
		return list;
	}
}
