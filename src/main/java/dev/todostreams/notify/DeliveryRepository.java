package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

import dev.todostreams.system.ConditionalPuts;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The outbox: one row per (change, subscription), keyed by the {@code webhook-id}. Pending rows carry the sparse
 * {@code Due} attribute, so the worker finds due rows with one query on {@link WebhookTables#DUE_INDEX}.
 */
public class DeliveryRepository {

	static final String ID = "DeliveryID";

	static final String SUBSCRIPTION_ID = "SubscriptionID";

	static final String CREATED_AT = "CreatedAt";

	static final String DUE = "Due";

	static final String NEXT_ATTEMPT_AT = "NextAttemptAt";

	static final String EXPIRES_AT = "ExpiresAt";

	private static final String DUE_VALUE = "due";

	private static final String EVENT_TYPE = "EventType";

	private static final String EVENT_ID = "EventID";

	private static final String TODO_ID = "TodoID";

	private static final String PAYLOAD = "Payload";

	private static final String STATE = "State";

	private static final String SCHEDULE_ATTEMPTS = "ScheduleAttempts";

	private static final String UPDATED_AT = "UpdatedAt";

	private static final String ATTEMPTS = "Attempts";

	private static final int MAX_LOGGED_ATTEMPTS = 100;

	private final DynamoDbClient dynamo;

	private final String table;

	private final Duration retention;

	public DeliveryRepository(DynamoDbClient dynamo, String table, Duration retention) {
		this.dynamo = dynamo;
		this.table = table;
		this.retention = retention;
	}

	/**
	 * Writes a new pending row unless one with the same id exists (a replayed stream record).
	 * @return true when this call wrote it
	 */
	public boolean insert(Delivery delivery) {
		return ConditionalPuts.putIfAbsent(this.dynamo, this.table, ID, item(delivery));
	}

	/**
	 * Writes new pending rows, each unless one with the same id exists, a hundred per round trip (conditional puts
	 * in a transaction; {@link ConditionalPuts}).
	 * @return the ids this call wrote
	 */
	public Set<String> insertAll(List<Delivery> rows) {
		List<Map<String, AttributeValue>> items = new ArrayList<>(rows.size());
		rows.forEach((row) -> items.add(item(row)));
		Set<String> written = new HashSet<>();
		for (int index : ConditionalPuts.putAllIfAbsent(this.dynamo, this.table, ID, items)) {
			written.add(rows.get(index).id());
		}
		return written;
	}

	private static Map<String, AttributeValue> item(Delivery delivery) {
		Map<String, AttributeValue> item = new HashMap<>();
		item.put(ID, s(delivery.id()));
		item.put(SUBSCRIPTION_ID, s(delivery.subscriptionId()));
		item.put(EVENT_TYPE, s(delivery.eventType()));
		item.put(EVENT_ID, s(delivery.eventId()));
		item.put(TODO_ID, s(delivery.todoId()));
		item.put(PAYLOAD, s(delivery.payload()));
		item.put(STATE, s(delivery.state().name()));
		item.put(SCHEDULE_ATTEMPTS, n(delivery.scheduleAttempts()));
		if (delivery.nextAttemptAt() != null) {
			item.put(DUE, s(DUE_VALUE));
			item.put(NEXT_ATTEMPT_AT, n(delivery.nextAttemptAt().toEpochMilli()));
		}
		item.put(CREATED_AT, s(delivery.createdAt().toString()));
		item.put(UPDATED_AT, s(delivery.updatedAt().toString()));
		item.put(ATTEMPTS, AttributeValue.fromL(List.of()));
		return item;
	}

	public Optional<Delivery> find(String id) {
		Map<String, AttributeValue> item = this.dynamo
			.getItem((r) -> r.tableName(this.table).key(Map.of(ID, s(id))).consistentRead(true))
			.item();
		return (item == null || item.isEmpty()) ? Optional.empty() : Optional.of(fromItem(item));
	}

	/**
	 * Appends an attempt and moves the row to its next state, if it is still pending.
	 * @return false when the row is gone or no longer pending
	 */
	public boolean recordAttempt(String id, DeliveryAttempt attempt, Delivery.State state, int scheduleAttempts,
			Instant now) {
		Map<String, String> names = new HashMap<>(Map.of("#state", STATE, "#sa", SCHEDULE_ATTEMPTS, "#attempts",
				ATTEMPTS, "#updated", UPDATED_AT, "#due", DUE, "#next", NEXT_ATTEMPT_AT));
		Map<String, AttributeValue> values = new HashMap<>();
		values.put(":state", s(state.name()));
		values.put(":pending", s(Delivery.State.PENDING.name()));
		values.put(":sa", n(scheduleAttempts));
		values.put(":attempt", AttributeValue.fromL(List.of(attemptItem(attempt))));
		values.put(":empty", AttributeValue.fromL(List.of()));
		values.put(":updated", s(now.toString()));
		StringBuilder update = new StringBuilder(
				"SET #state = :state, #sa = :sa, #updated = :updated, #attempts = list_append(if_not_exists(#attempts, :empty), :attempt)");
		if (state == Delivery.State.PENDING && attempt.nextAttemptAt() != null) {
			update.append(", #due = :due, #next = :next");
			values.put(":due", s(DUE_VALUE));
			values.put(":next", n(attempt.nextAttemptAt().toEpochMilli()));
		}
		else {
			update.append(", #expires = :expires REMOVE #due, #next");
			names.put("#expires", EXPIRES_AT);
			values.put(":expires", n(now.plus(this.retention).getEpochSecond()));
		}
		try {
			this.dynamo.updateItem((r) -> r.tableName(this.table)
				.key(Map.of(ID, s(id)))
				.updateExpression(update.toString())
				.conditionExpression("#state = :pending")
				.expressionAttributeNames(names)
				.expressionAttributeValues(values));
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
	}

	/**
	 * Makes a delivery pending again, due now, with a fresh retry schedule; the webhook-id stays.
	 * @return false when there is no such delivery of that subscription
	 */
	public boolean redeliver(String subscriptionId, String id, Instant now) {
		try {
			this.dynamo.updateItem((r) -> r.tableName(this.table)
				.key(Map.of(ID, s(id)))
				.updateExpression("SET #state = :pending, #sa = :zero, #due = :due, #next = :next, #updated = :now "
						+ "REMOVE #expires")
				.conditionExpression("#sub = :sub")
				.expressionAttributeNames(Map.of("#state", STATE, "#sa", SCHEDULE_ATTEMPTS, "#due", DUE, "#next",
						NEXT_ATTEMPT_AT, "#updated", UPDATED_AT, "#expires", EXPIRES_AT, "#sub", SUBSCRIPTION_ID))
				.expressionAttributeValues(Map.of(":pending", s(Delivery.State.PENDING.name()), ":zero", n(0), ":due",
						s(DUE_VALUE), ":next", n(now.toEpochMilli()), ":now", s(now.toString()), ":sub",
						s(subscriptionId))));
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
	}

	/** Pending rows due before {@code until}, soonest first. */
	public List<Delivery> dueBefore(Instant until, int limit) {
		return query(limit, (wanted) -> QueryRequest.builder()
			.tableName(this.table)
			.indexName(WebhookTables.DUE_INDEX)
			.keyConditionExpression("#due = :due AND #next <= :until")
			.expressionAttributeNames(Map.of("#due", DUE, "#next", NEXT_ATTEMPT_AT))
			.expressionAttributeValues(Map.of(":due", s(DUE_VALUE), ":until", n(until.toEpochMilli())))
			.limit(Math.min(wanted, 1000)));
	}

	/**
	 * The pending rows of one subscription, whenever they are due, oldest first (by creation). Reads the sparse due
	 * index, which holds only pending rows, so the cost follows the backlog and not the subscription's history.
	 */
	public List<Delivery> pendingOf(String subscriptionId, int limit) {
		List<Delivery> out = query(limit, (wanted) -> QueryRequest.builder()
			.tableName(this.table)
			.indexName(WebhookTables.DUE_INDEX)
			.keyConditionExpression("#due = :due")
			.filterExpression("#sub = :sub")
			.expressionAttributeNames(Map.of("#due", DUE, "#sub", SUBSCRIPTION_ID))
			.expressionAttributeValues(Map.of(":due", s(DUE_VALUE), ":sub", s(subscriptionId))));
		out.sort(java.util.Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id));
		return out;
	}

	/**
	 * Deliveries of one subscription, newest first.
	 * @param since only those created at or after this time, or null
	 * @param state only those in this state, or null
	 */
	public List<Delivery> bySubscription(String subscriptionId, @Nullable Instant since,
			Delivery.@Nullable State state, int limit) {
		Map<String, String> names = new HashMap<>(Map.of("#sub", SUBSCRIPTION_ID));
		Map<String, AttributeValue> values = new HashMap<>(Map.of(":sub", s(subscriptionId)));
		String key = "#sub = :sub";
		if (since != null) {
			key += " AND #created >= :since";
			names.put("#created", CREATED_AT);
			values.put(":since", s(since.toString()));
		}
		String filter = null;
		if (state != null) {
			filter = "#state = :state";
			names.put("#state", STATE);
			values.put(":state", s(state.name()));
		}
		String keyCondition = key;
		String filterExpression = filter;
		return query(limit, (wanted) -> {
			QueryRequest.Builder request = QueryRequest.builder()
				.tableName(this.table)
				.indexName(WebhookTables.SUBSCRIPTION_INDEX)
				.keyConditionExpression(keyCondition)
				.expressionAttributeNames(names)
				.expressionAttributeValues(values)
				.scanIndexForward(false);
			if (filterExpression != null) {
				request.filterExpression(filterExpression);
			}
			return request;
		});
	}

	/**
	 * Reads a query page by page until it ends or {@code limit} rows are read (rows past the limit are dropped).
	 * @param page the request of one page, given how many rows are still wanted
	 */
	private List<Delivery> query(int limit, IntFunction<QueryRequest.Builder> page) {
		List<Delivery> out = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		do {
			QueryRequest.Builder request = page.apply(limit - out.size());
			if (start != null) {
				request.exclusiveStartKey(start);
			}
			QueryResponse response = this.dynamo.query(request.build());
			for (Map<String, AttributeValue> item : response.items()) {
				if (out.size() < limit) {
					out.add(fromItem(item));
				}
			}
			start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
					? response.lastEvaluatedKey() : null;
		}
		while (start != null && out.size() < limit);
		return out;
	}

	private static Map<String, AttributeValue> attemptItemMap(DeliveryAttempt attempt) {
		Map<String, AttributeValue> m = new HashMap<>();
		m.put("At", s(attempt.at().toString()));
		if (attempt.statusCode() != null) {
			m.put("StatusCode", n(attempt.statusCode()));
		}
		m.put("LatencyMillis", n(attempt.latencyMillis()));
		if (attempt.error() != null) {
			m.put("Error", s(attempt.error()));
		}
		if (attempt.responseBody() != null) {
			m.put("ResponseBody", s(attempt.responseBody()));
		}
		if (attempt.nextAttemptAt() != null) {
			m.put("NextAttemptAt", s(attempt.nextAttemptAt().toString()));
		}
		return m;
	}

	private static AttributeValue attemptItem(DeliveryAttempt attempt) {
		return AttributeValue.fromM(attemptItemMap(attempt));
	}

	private static DeliveryAttempt attemptFrom(Map<String, AttributeValue> m) {
		return new DeliveryAttempt(Instant.parse(m.get("At").s()),
				m.containsKey("StatusCode") ? Integer.valueOf(m.get("StatusCode").n()) : null,
				Long.parseLong(m.get("LatencyMillis").n()), m.containsKey("Error") ? m.get("Error").s() : null,
				m.containsKey("ResponseBody") ? m.get("ResponseBody").s() : null,
				m.containsKey("NextAttemptAt") ? Instant.parse(m.get("NextAttemptAt").s()) : null);
	}

	static Delivery fromItem(Map<String, AttributeValue> item) {
		List<DeliveryAttempt> attempts = new ArrayList<>();
		AttributeValue logged = item.get(ATTEMPTS);
		if (logged != null && logged.hasL()) {
			List<AttributeValue> list = logged.l();
			for (AttributeValue value : list.subList(Math.max(0, list.size() - MAX_LOGGED_ATTEMPTS), list.size())) {
				attempts.add(attemptFrom(value.m()));
			}
		}
		AttributeValue next = item.get(NEXT_ATTEMPT_AT);
		return new Delivery(item.get(ID).s(), item.get(SUBSCRIPTION_ID).s(), item.get(EVENT_TYPE).s(),
				item.get(EVENT_ID).s(), item.get(TODO_ID).s(), item.get(PAYLOAD).s(),
				Delivery.State.valueOf(item.get(STATE).s()), Integer.parseInt(item.get(SCHEDULE_ATTEMPTS).n()),
				(next != null) ? Instant.ofEpochMilli(Long.parseLong(next.n())) : null,
				Instant.parse(item.get(CREATED_AT).s()), Instant.parse(item.get(UPDATED_AT).s()), attempts);
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

}
