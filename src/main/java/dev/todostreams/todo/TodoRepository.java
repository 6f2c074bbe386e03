package dev.todostreams.todo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.todostreams.system.TableNameResolver;
import lombok.extern.slf4j.Slf4j;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static dev.todostreams.todo.TodoTable.COUNTER_ID;
import static dev.todostreams.todo.TodoTable.COUNTER_VALUE;
import static dev.todostreams.todo.TodoTable.CREATED_AT;
import static dev.todostreams.todo.TodoTable.DUE_DATE;
import static dev.todostreams.todo.TodoTable.EXPIRES_AT;
import static dev.todostreams.todo.TodoTable.ID;
import static dev.todostreams.todo.TodoTable.STATUS;
import static dev.todostreams.todo.TodoTable.STATUS_INDEX;
import static dev.todostreams.todo.TodoTable.TASK;
import static dev.todostreams.todo.TodoTable.UPDATED_AT;
import static dev.todostreams.todo.TodoTable.VERSION;
import static dev.todostreams.todo.TodoTable.toTodo;

/**
 * The {@code Todos} table (and its ID counter) on the low-level DynamoDB client. Every write is one request whose
 * condition expression carries the precondition, so nothing is read first and nothing is half-written. Attribute
 * names always go through expression attribute names ({@code Status} is a reserved word).
 */
@Slf4j
class TodoRepository {

	static final String INDEX_PHASE = "index";

	static final String SCAN_PHASE = "scan";

	static final String ALL_PHASE = "all";

	private static final long FIRST_ID = 1001;

	private final DynamoDbClient dynamoDb;

	private final String table;

	private final String counters;

	TodoRepository(DynamoDbClient dynamoDb, TableNameResolver tableNames) {
		this.dynamoDb = dynamoDb;
		this.table = tableNames.resolve(TodoTable.NAME);
		this.counters = tableNames.resolve(TodoTable.COUNTERS_NAME);
	}

	/** The values a create or replace writes. */
	record Write(String task, @Nullable LocalDate dueDate, String status, @Nullable Instant expiresAt) {
	}

	/**
	 * A merge patch: null fields stay as they are; {@code dueDate}/{@code expiresAt} are set or removed when their
	 * flag is on.
	 */
	record Changes(@Nullable String task, boolean changeDueDate, @Nullable LocalDate dueDate, @Nullable String status,
			boolean changeExpiresAt, @Nullable Instant expiresAt) {
	}

	/** The todo after a replace, and whether the replace created it. */
	record Replaced(Todo todo, boolean created) {
	}

	/** A page of todos and where to go on, or null at the end. */
	record Slice(List<Todo> items, CursorCodec.@Nullable Position next) {
	}

	/** The next todo ID ({@code T1001}, {@code T1002}, ...) from an atomic counter; unique under concurrency. */
	String nextId() {
		Map<String, AttributeValue> attributes = this.dynamoDb.updateItem((request) -> request.tableName(this.counters)
			.key(Map.of(COUNTER_ID, s(TodoTable.NAME)))
			.updateExpression("ADD #value :one")
			.expressionAttributeNames(Map.of("#value", COUNTER_VALUE))
			.expressionAttributeValues(Map.of(":one", n(1)))
			.returnValues(ReturnValue.UPDATED_NEW)).attributes();
		long count = Long.parseLong(attributes.get(COUNTER_VALUE).n());
		return "T" + (FIRST_ID - 1 + count);
	}

	/** Writes a new todo at version 1 unless the ID is taken. */
	Optional<Todo> insert(String id, Write write, Instant now) {
		Map<String, AttributeValue> item = new HashMap<>();
		item.put(ID, s(id));
		item.put(TASK, s(write.task()));
		item.put(STATUS, s(write.status()));
		if (write.dueDate() != null) {
			item.put(DUE_DATE, s(write.dueDate().toString()));
		}
		if (write.expiresAt() != null) {
			item.put(EXPIRES_AT, n(write.expiresAt().getEpochSecond()));
		}
		item.put(VERSION, n(1));
		item.put(CREATED_AT, s(now.toString()));
		item.put(UPDATED_AT, s(now.toString()));
		try {
			this.dynamoDb.putItem((request) -> request.tableName(this.table)
				.item(item)
				.conditionExpression("attribute_not_exists(#id)")
				.expressionAttributeNames(Map.of("#id", ID)));
			return Optional.of(toTodo(item));
		}
		catch (ConditionalCheckFailedException ex) {
			return Optional.empty();
		}
	}

	Optional<Todo> find(String id) {
		Map<String, AttributeValue> item = this.dynamoDb
			.getItem((request) -> request.tableName(this.table).key(key(id)).consistentRead(true))
			.item();
		return (item == null || item.isEmpty()) ? Optional.empty() : Optional.of(toTodo(item));
	}

	/** Creates or replaces all of a todo's fields in one conditional update. */
	Replaced replace(String id, Write write, Precondition precondition, Instant now) {
		Expression update = new Expression();
		update.set(TASK, s(write.task()));
		update.set(STATUS, s(write.status()));
		update.setOrRemove(DUE_DATE, (write.dueDate() != null) ? s(write.dueDate().toString()) : null);
		update.setOrRemove(EXPIRES_AT, (write.expiresAt() != null) ? n(write.expiresAt().getEpochSecond()) : null);
		Todo todo = update(id, update, precondition, false, now);
		return new Replaced(todo, todo.version() == 1);
	}

	/** Applies a merge patch to an existing todo in one conditional update. */
	Todo patch(String id, Changes changes, Precondition precondition, Instant now) {
		Expression update = new Expression();
		if (changes.task() != null) {
			update.set(TASK, s(changes.task()));
		}
		if (changes.status() != null) {
			update.set(STATUS, s(changes.status()));
		}
		if (changes.changeDueDate()) {
			update.setOrRemove(DUE_DATE, (changes.dueDate() != null) ? s(changes.dueDate().toString()) : null);
		}
		if (changes.changeExpiresAt()) {
			update.setOrRemove(EXPIRES_AT,
					(changes.expiresAt() != null) ? n(changes.expiresAt().getEpochSecond()) : null);
		}
		return update(id, update, precondition, true, now);
	}

	void delete(String id, Precondition precondition) {
		Expression condition = new Expression();
		String conditionExpression = condition.condition(precondition, true);
		Map<String, AttributeValue> values = condition.values.isEmpty() ? null : condition.values;
		try {
			this.dynamoDb.deleteItem((request) -> request.tableName(this.table)
				.key(key(id))
				.conditionExpression(conditionExpression)
				.expressionAttributeNames(condition.names)
				.expressionAttributeValues(values)
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
		}
		catch (ConditionalCheckFailedException ex) {
			throw conditionFailed(id, precondition, ex);
		}
	}

	/**
	 * Lists todos. With a status: those with a due date through the {@code Status-DueDate-index} in due-date order,
	 * then those without one (which the sparse index does not hold) by a filtered scan. Without a status: a scan.
	 */
	Slice list(@Nullable String status, int limit, CursorCodec.@Nullable Position from) {
		List<Todo> items = new ArrayList<>(limit);
		if (status == null) {
			Map<String, AttributeValue> start = (from != null) ? toKey(from.key()) : null;
			ScanResponse page = this.dynamoDb.scan((request) -> request.tableName(this.table)
				.limit(limit)
				.exclusiveStartKey(start));
			page.items().forEach((item) -> items.add(toTodo(item)));
			return new Slice(items, page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
					? new CursorCodec.Position(ALL_PHASE, null, fromKey(page.lastEvaluatedKey())) : null);
		}
		String phase = (from != null) ? from.phase() : INDEX_PHASE;
		Map<String, AttributeValue> start = (from != null && !from.key().isEmpty()) ? toKey(from.key()) : null;
		if (INDEX_PHASE.equals(phase)) {
			while (true) {
				Map<String, AttributeValue> exclusiveStart = start;
				QueryResponse page = this.dynamoDb.query((request) -> request.tableName(this.table)
					.indexName(STATUS_INDEX)
					.keyConditionExpression("#status = :status")
					.expressionAttributeNames(Map.of("#status", STATUS))
					.expressionAttributeValues(Map.of(":status", s(status)))
					.scanIndexForward(true)
					.limit(limit - items.size())
					.exclusiveStartKey(exclusiveStart));
				page.items().forEach((item) -> items.add(toTodo(item)));
				boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
				if (more && items.size() >= limit) {
					return new Slice(items,
							new CursorCodec.Position(INDEX_PHASE, status, fromKey(page.lastEvaluatedKey())));
				}
				if (!more) {
					break;
				}
				start = page.lastEvaluatedKey();
			}
			if (items.size() >= limit) {
				return new Slice(items, new CursorCodec.Position(SCAN_PHASE, status, Map.of()));
			}
			start = null;
		}
		return scanWithoutDueDate(status, limit, items, start);
	}

	private Slice scanWithoutDueDate(String status, int limit, List<Todo> items,
			@Nullable Map<String, AttributeValue> start) {
		Map<String, AttributeValue> exclusiveStart = start;
		while (true) {
			ScanRequest request = ScanRequest.builder()
				.tableName(this.table)
				.filterExpression("#status = :status AND attribute_not_exists(#due)")
				.expressionAttributeNames(Map.of("#status", STATUS, "#due", DUE_DATE))
				.expressionAttributeValues(Map.of(":status", s(status)))
				.limit(Math.max(100, limit))
				.exclusiveStartKey(exclusiveStart)
				.build();
			ScanResponse page = this.dynamoDb.scan(request);
			boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
			List<Map<String, AttributeValue>> found = page.items();
			for (int i = 0; i < found.size(); i++) {
				Todo todo = toTodo(found.get(i));
				items.add(todo);
				if (items.size() >= limit) {
					boolean rest = more || i < found.size() - 1;
					return new Slice(items, rest
							? new CursorCodec.Position(SCAN_PHASE, status, Map.of(ID, todo.todoId())) : null);
				}
			}
			if (!more) {
				return new Slice(items, null);
			}
			exclusiveStart = page.lastEvaluatedKey();
		}
	}

	private Todo update(String id, Expression update, Precondition precondition, boolean mustExist, Instant now) {
		update.set(UPDATED_AT, s(now.toString()));
		update.setExpression("#created = if_not_exists(#created, :now)", "#created", CREATED_AT, ":now",
				s(now.toString()));
		update.setExpression("#version = if_not_exists(#version, :zero) + :one", "#version", VERSION, ":zero", n(0));
		update.values.put(":one", n(1));
		String conditionExpression = update.condition(precondition, mustExist);
		UpdateItemRequest request = UpdateItemRequest.builder()
			.tableName(this.table)
			.key(key(id))
			.updateExpression(update.updateExpression())
			.conditionExpression(conditionExpression)
			.expressionAttributeNames(update.names)
			.expressionAttributeValues(update.values)
			.returnValues(ReturnValue.ALL_NEW)
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.build();
		try {
			return toTodo(this.dynamoDb.updateItem(request).attributes());
		}
		catch (ConditionalCheckFailedException ex) {
			throw conditionFailed(id, precondition, ex);
		}
	}

	private static RuntimeException conditionFailed(String id, Precondition precondition,
			ConditionalCheckFailedException ex) {
		Map<String, AttributeValue> current = ex.hasItem() ? ex.item() : Map.of();
		if (current.isEmpty()) {
			return (precondition.kind() == Precondition.Kind.NEVER)
					? TodoProblems.preconditionFailed(id, "Todo '" + id + "' does not exist.")
					: TodoProblems.notFound(id);
		}
		if (precondition.kind() == Precondition.Kind.NEVER) {
			return TodoProblems.preconditionFailed(id, "If-Match " + precondition.header()
					+ " matches no version of todo '" + id + "'; versions are sent as \"<number>\".");
		}
		if (precondition.kind() == Precondition.Kind.ABSENT) {
			return TodoProblems.preconditionFailed(id,
					"Todo '" + id + "' already exists (If-None-Match: * asks to create it only if it does not).");
		}
		return TodoProblems.versionMismatch(id, precondition.header(), toTodo(current).version());
	}

	/** Builds update and condition expressions with placeholder names. */
	private static final class Expression {

		final Map<String, String> names = new HashMap<>();

		final Map<String, AttributeValue> values = new HashMap<>();

		private final List<String> sets = new ArrayList<>();

		private final List<String> removes = new ArrayList<>();

		void set(String attribute, AttributeValue value) {
			String placeholder = placeholder(attribute);
			this.values.put(":" + placeholder.substring(1), value);
			this.sets.add(placeholder + " = :" + placeholder.substring(1));
		}

		void setOrRemove(String attribute, @Nullable AttributeValue value) {
			if (value != null) {
				set(attribute, value);
			}
			else {
				this.removes.add(placeholder(attribute));
			}
		}

		void setExpression(String expression, String name, String attribute, String valueName,
				AttributeValue value) {
			this.names.put(name, attribute);
			this.values.put(valueName, value);
			this.sets.add(expression);
		}

		String updateExpression() {
			String expression = "SET " + String.join(", ", this.sets);
			return this.removes.isEmpty() ? expression : expression + " REMOVE " + String.join(", ", this.removes);
		}

		/** The condition for a precondition, or null when the write is unconditional. */
		@Nullable String condition(Precondition precondition, boolean mustExist) {
			if (precondition.kind() == Precondition.Kind.NONE && !mustExist) {
				return null;
			}
			this.names.put("#id", ID);
			switch (precondition.kind()) {
				case ABSENT:
					return "attribute_not_exists(#id)";
				case VERSION:
					this.names.put("#version", VERSION);
					this.values.put(":expected", n(precondition.version()));
					return (precondition.version() == 0)
							? "attribute_exists(#id) AND (attribute_not_exists(#version) OR #version = :expected)"
							: "attribute_exists(#id) AND #version = :expected";
				case NEVER:
					return "attribute_exists(#id) AND attribute_not_exists(#id)";
				default:
					return "attribute_exists(#id)";
			}
		}

		private String placeholder(String attribute) {
			String placeholder = "#" + attribute.toLowerCase();
			this.names.put(placeholder, attribute);
			return placeholder;
		}

	}

	private static Map<String, AttributeValue> key(String id) {
		return Map.of(ID, s(id));
	}

	private static Map<String, AttributeValue> toKey(Map<String, String> key) {
		Map<String, AttributeValue> result = new LinkedHashMap<>();
		key.forEach((name, value) -> result.put(name, s(value)));
		return result;
	}

	private static Map<String, String> fromKey(Map<String, AttributeValue> key) {
		Map<String, String> result = new LinkedHashMap<>();
		key.forEach((name, value) -> result.put(name, (value.s() != null) ? value.s() : String.valueOf(value.n())));
		return result;
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

}
