package dev.todostreams.emulator.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.api.Requests;
import dev.todostreams.emulator.expr.Condition;
import dev.todostreams.emulator.expr.ExpressionContext;
import dev.todostreams.emulator.expr.Expressions;
import dev.todostreams.emulator.expr.Update;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/** PutItem, UpdateItem and DeleteItem, and the parsing of writes shared with batches and transactions. */
final class ItemOperations {

	private final Database db;

	ItemOperations(Database db) {
		this.db = db;
	}

	Map<String, Object> putItem(Map<String, Object> request) {
		checkReturnOptions(request);
		String returnValues = Requests.oneOf(request, "ReturnValues", "NONE", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
				"UPDATED_NEW");
		if (!returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
			throw AwsException.validation("ReturnValues can only be ALL_OLD or NONE");
		}
		Write write = parsePut(request, Requests.tableName(request));
		return execute(write, request, returnValues);
	}

	Map<String, Object> deleteItem(Map<String, Object> request) {
		checkReturnOptions(request);
		String returnValues = Requests.oneOf(request, "ReturnValues", "NONE", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
				"UPDATED_NEW");
		if (!returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
			throw AwsException.validation("ReturnValues can only be ALL_OLD or NONE");
		}
		Write write = parseDelete(request, Requests.tableName(request));
		return execute(write, request, returnValues);
	}

	Map<String, Object> updateItem(Map<String, Object> request) {
		checkReturnOptions(request);
		String returnValues = Requests.oneOf(request, "ReturnValues", "NONE", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
				"UPDATED_NEW");
		Write write = parseUpdate(request, Requests.tableName(request));
		return execute(write, request, returnValues);
	}

	private Map<String, Object> execute(Write write, Map<String, Object> request, String returnValues) {
		Map<String, Value> before;
		Map<String, Value> after;
		db.writeLock.lock();
		try {
			db.checkWritable(write.table);
			before = write.table.get(write.key);
			if (!write.conditionHolds(before)) {
				throw write.conditionFailed(before);
			}
			after = write.apply(before);
			db.commit(write.table, write.key, before, after, false);
		}
		finally {
			db.writeLock.unlock();
		}
		Map<String, Object> response = new LinkedHashMap<>();
		Map<String, Value> returned = returned(returnValues, before, after, write.update);
		if (returned != null && !returned.isEmpty()) {
			response.put("Attributes", Values.toJson(returned));
		}
		String capacityMode = Capacity.mode(request);
		if (!capacityMode.equals("NONE")) {
			Capacity.report(capacityMode, new Capacity(write.table).write(before, after, 1), response);
		}
		return response;
	}

	private static @Nullable Map<String, Value> returned(String returnValues, @Nullable Map<String, Value> before,
			@Nullable Map<String, Value> after, @Nullable Update update) {
		switch (returnValues) {
			case "ALL_OLD":
				return before;
			case "ALL_NEW":
				return after;
			case "UPDATED_OLD":
				return touched(before, update);
			case "UPDATED_NEW":
				return touched(after, update);
			default:
				return null;
		}
	}

	private static @Nullable Map<String, Value> touched(@Nullable Map<String, Value> item, @Nullable Update update) {
		if (item == null || update == null) {
			return null;
		}
		return update.updatedPaths().apply(item);
	}

	/** Validates the return options before anything is written (an invalid one must not leave a write behind). */
	static void checkReturnOptions(Map<String, Object> request) {
		Requests.oneOf(request, "ReturnConsumedCapacity", "NONE", "NONE", "TOTAL", "INDEXES");
		Requests.oneOf(request, "ReturnItemCollectionMetrics", "NONE", "NONE", "SIZE");
	}

	// ------------------------------------------------------------------ parsing

	// Each parse validates everything the request alone can tell before the table is looked up: DynamoDB answers an
	// invalid request to a missing table with a ValidationException, not ResourceNotFoundException.

	Write parsePut(Map<String, Object> request, String tableName) {
		Object raw = request.get("Item");
		if (raw == null) {
			throw AwsException.validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
		}
		Map<String, Value> item = Values.item(raw, "Item");
		if (Values.itemSize(item) > Values.MAX_ITEM_BYTES) {
			throw AwsException.validation("Item size has exceeded the maximum allowed size");
		}
		ExpressionContext ctx = context(request);
		Condition condition = condition(request, ctx, false);
		ctx.checkAllUsed();
		String onFailure = returnOnFailure(request);
		Table table = db.table(tableName);
		Key key = table.keyOfItem(item);
		return new Write(Write.Kind.PUT, table, key, condition, item, null, onFailure);
	}

	Write parseDelete(Map<String, Object> request, String tableName) {
		Map<String, Value> rawKey = key(request);
		ExpressionContext ctx = context(request);
		Condition condition = condition(request, ctx, false);
		ctx.checkAllUsed();
		String onFailure = returnOnFailure(request);
		Table table = db.table(tableName);
		Key key = table.keyOfRequest(rawKey);
		return new Write(Write.Kind.DELETE, table, key, condition, null, null, onFailure);
	}

	Write parseConditionCheck(Map<String, Object> request, String tableName) {
		Map<String, Value> rawKey = key(request);
		ExpressionContext ctx = context(request);
		Condition condition = condition(request, ctx, true);
		ctx.checkAllUsed();
		String onFailure = returnOnFailure(request);
		Table table = db.table(tableName);
		Key key = table.keyOfRequest(rawKey);
		return new Write(Write.Kind.CONDITION_CHECK, table, key, condition, null, null, onFailure);
	}

	Write parseUpdate(Map<String, Object> request, String tableName) {
		Map<String, Value> rawKey = key(request);
		ExpressionContext ctx = context(request);
		String expression = Requests.string(request, "UpdateExpression");
		Map<String, Object> legacy = Requests.map(request, "AttributeUpdates");
		Update update;
		if (expression != null) {
			if (legacy != null) {
				throw mixed("{AttributeUpdates}", "{UpdateExpression}");
			}
			update = Expressions.update(expression, ctx);
		}
		else if (legacy != null) {
			if (request.get("ExpressionAttributeValues") != null || request.get("ExpressionAttributeNames") != null) {
				throw AwsException.validation("ExpressionAttributeNames and ExpressionAttributeValues can only be specified when using expressions");
			}
			update = Expressions.attributeUpdates(legacy);
		}
		else {
			update = Expressions.attributeUpdates(Map.of());
		}
		Condition condition = condition(request, ctx, false);
		ctx.checkAllUsed();
		String onFailure = returnOnFailure(request);
		Table table = db.table(tableName);
		Key key = table.keyOfRequest(rawKey);
		for (String attribute : update.topLevelAttributes()) {
			if (table.isKeyAttribute(attribute)) {
				throw AwsException.validation("One or more parameter values were invalid: Cannot update attribute " + attribute
						+ ". This attribute is part of the key");
			}
		}
		return new Write(Write.Kind.UPDATE, table, key, condition, null, update, onFailure);
	}

	static Map<String, Value> key(Map<String, Object> request) {
		Object raw = request.get("Key");
		if (raw == null) {
			throw AwsException.validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
		}
		return Values.item(raw, "Key");
	}

	private static String returnOnFailure(Map<String, Object> request) {
		return Requests.oneOf(request, "ReturnValuesOnConditionCheckFailure", "NONE", "NONE", "ALL_OLD");
	}

	static ExpressionContext context(Map<String, Object> request) {
		Map<String, Object> rawNames = Requests.map(request, "ExpressionAttributeNames");
		Map<String, Object> rawValues = Requests.map(request, "ExpressionAttributeValues");
		Map<String, String> names = new LinkedHashMap<>();
		if (rawNames != null) {
			if (rawNames.isEmpty()) {
				throw AwsException.validation("ExpressionAttributeNames must not be empty");
			}
			rawNames.forEach((k, v) -> {
				if (!(v instanceof String s)) {
					throw AwsException.serialization("Unexpected value type for ExpressionAttributeNames." + k);
				}
				if (!k.startsWith("#")) {
					throw AwsException.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k + "\"");
				}
				names.put(k, s);
			});
		}
		Map<String, Value> values = new LinkedHashMap<>();
		if (rawValues != null) {
			if (rawValues.isEmpty()) {
				throw AwsException.validation("ExpressionAttributeValues must not be empty");
			}
			rawValues.forEach((k, v) -> {
				if (!k.startsWith(":")) {
					throw AwsException.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k + "\"");
				}
				values.put(k, Values.value(v, "ExpressionAttributeValues." + k));
			});
		}
		return new ExpressionContext(names, values);
	}

	/** ConditionExpression or the legacy Expected map (never both). */
	static @Nullable Condition condition(Map<String, Object> request, ExpressionContext ctx, boolean required) {
		String expression = Requests.string(request, "ConditionExpression");
		Map<String, Object> expected = Requests.map(request, "Expected");
		if (expression != null) {
			if (expected != null) {
				throw mixed("{Expected}", "{ConditionExpression}");
			}
			return Expressions.condition(expression, ctx);
		}
		if (required) {
			throw AwsException.validation("1 validation error detected: Value null at 'conditionExpression' failed to satisfy constraint: Member must not be null");
		}
		if (expected != null) {
			if (request.get("UpdateExpression") == null && (request.get("ExpressionAttributeValues") != null)) {
				throw AwsException.validation("ExpressionAttributeNames and ExpressionAttributeValues can only be specified when using expressions");
			}
			return Expressions.expected(expected, Requests.string(request, "ConditionalOperator"));
		}
		return null;
	}

	static AwsException mixed(String legacy, String modern) {
		return AwsException.validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: "
				+ legacy + " Expression parameters: " + modern);
	}

	static List<Object> nonNullList(@Nullable List<Object> list) {
		return list == null ? new ArrayList<>() : list;
	}
}
