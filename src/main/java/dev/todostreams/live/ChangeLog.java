package dev.todostreams.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.system.ConditionalPuts;
import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableDefinition.Index;
import dev.todostreams.system.TableDefinition.Key;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The change log table: one item per change and per delivery outcome, partitioned by the minute of its position,
 * sorted by position, expired by TTL. An entry appended long after its position's time (a change processed late,
 * e.g. after a failover) also carries the minute it was appended, so readers find it through the sparse late index
 * even though its position is older than what they read already.
 */
public final class ChangeLog {

	/** The log table's default name, before {@code todo.tables.prefix} ({@code todo.change-log.table-name}). */
	public static final String TABLE = "TodoChangeLog";

	static final String BUCKET = "Bucket";

	static final String POSITION = "Position";

	static final String EXPIRES_AT = "ExpiresAt";

	static final String LATE_BUCKET = "LateBucket";

	static final String LATE_AT = "LateAt";

	/** Sparse: only late entries have {@code LateBucket}, sorted by when they were appended. */
	static final String LATE_INDEX = "LateBucket-LateAt-index";

	private static final String KIND = "Kind";

	private static final String APPENDED_AT = "AppendedAt";

	private static final String EVENT_ID = "EventId";

	private static final int MAX_PAGE = 1000;

	private static final Duration CLOCK_SLACK = Duration.ofSeconds(5);

	private final DynamoDbClient dynamo;

	private final String tableName;

	private final Duration retention;

	private final Duration lateAfter;

	private final Clock clock;

	ChangeLog(DynamoDbClient dynamo, String tableName, Duration retention, Duration lateAfter, Clock clock) {
		this.dynamo = dynamo;
		this.tableName = tableName;
		this.retention = retention;
		this.lateAfter = lateAfter;
		this.clock = clock;
	}

	/** The log table's shape, for the table bootstrap and the AWS template's drift test. */
	public static TableDefinition table(String logicalName) {
		return new TableDefinition(logicalName, Key.string(BUCKET), Key.string(POSITION),
				List.of(new Index(LATE_INDEX, Key.string(LATE_BUCKET), Key.string(LATE_AT))), null, EXPIRES_AT);
	}

	Duration retention() {
		return this.retention;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Writes a change once: a second append of the same position (a record the consumer got again) writes nothing.
	 * @return the entry as stored, or null when the log had it already
	 */
	@Nullable ChangeLogEntry appendChange(ChangeEvent change, Instant createdAt, String sequenceNumber) {
		Instant now = this.clock.instant();
		ChangeLogEntry entry = ChangeLogEntry.change(change, ChangeLogPosition.ofChange(createdAt, sequenceNumber), now);
		return put(entry) ? entry : null;
	}

	/**
	 * Writes many changes at once, each once, as {@link #appendChange} would one after another (conditional puts, a
	 * hundred per round trip; {@link ConditionalPuts}).
	 * @return how many were new
	 */
	int appendChanges(List<Append> changes) {
		Instant now = this.clock.instant();
		List<Map<String, AttributeValue>> items = new ArrayList<>(changes.size());
		for (Append change : changes) {
			items.add(item(ChangeLogEntry.change(change.event(),
					ChangeLogPosition.ofChange(change.createdAt(), change.sequenceNumber()), now)));
		}
		return ConditionalPuts.putAllIfAbsent(this.dynamo, this.tableName, POSITION, items).size();
	}

	/** One change to append: the event, the stream record's creation time and sequence number. */
	record Append(ChangeEvent event, Instant createdAt, String sequenceNumber) {
	}

	/** Writes a delivery's new state. */
	ChangeLogEntry appendDelivery(String eventId, DeliveryOutcome outcome) {
		Instant now = this.clock.instant();
		ChangeLogEntry entry = ChangeLogEntry.delivery(eventId, outcome,
				ChangeLogPosition.ofDelivery(now, outcome.id(), outcome.attempts()), now);
		put(entry);
		return entry;
	}

	private boolean put(ChangeLogEntry entry) {
		try {
			this.dynamo.putItem((r) -> r.tableName(this.tableName)
				.item(item(entry))
				.conditionExpression("attribute_not_exists(#p)")
				.expressionAttributeNames(Map.of("#p", POSITION)));
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
	}

	/**
	 * Entries after {@code position} (exclusive) in position order, bucket by bucket up to {@code until}'s minute,
	 * at most {@code limit}.
	 */
	List<ChangeLogEntry> after(String position, Instant until, int limit) {
		List<ChangeLogEntry> entries = new ArrayList<>();
		Instant minute = ChangeLogPosition.time(position).truncatedTo(ChronoUnit.MINUTES);
		// a few seconds past until: positions are the writers' (DynamoDB's) time, which may be a little ahead
		while (entries.size() < limit && !minute.isAfter(until.plus(CLOCK_SLACK))) {
			String bucket = ChangeLogPosition.bucket(minute);
			entries.addAll(query(QueryRequest.builder()
				.tableName(this.tableName)
				.keyConditionExpression("#b = :b AND #p > :p")
				.expressionAttributeNames(Map.of("#b", BUCKET, "#p", POSITION))
				.expressionAttributeValues(Map.of(":b", s(bucket), ":p", s(position)))
				.consistentRead(true), limit - entries.size()));
			minute = minute.plusSeconds(60);
		}
		return entries;
	}

	/** When the entry at {@code position} was appended, or null when the log has no such entry. */
	@Nullable Instant appendedAt(String position) {
		Map<String, AttributeValue> item = this.dynamo
			.getItem((r) -> r.tableName(this.tableName)
				.key(Map.of(BUCKET, s(ChangeLogPosition.bucket(position)), POSITION, s(position)))
				.projectionExpression("#a")
				.expressionAttributeNames(Map.of("#a", APPENDED_AT)))
			.item();
		AttributeValue appended = (item != null) ? item.get(APPENDED_AT) : null;
		return (appended != null) ? Instant.ofEpochMilli(Long.parseLong(appended.n())) : null;
	}

	/** Entries that were appended late, after {@code since} (their append time), up to {@code until}'s minute. */
	List<ChangeLogEntry> lateSince(Instant since, Instant until) {
		List<ChangeLogEntry> entries = new ArrayList<>();
		String floor = ChangeLogPosition.floor(since);
		for (Instant minute = since.truncatedTo(ChronoUnit.MINUTES); !minute.isAfter(until.plus(CLOCK_SLACK)); minute = minute.plusSeconds(60)) {
			entries.addAll(query(QueryRequest.builder()
				.tableName(this.tableName)
				.indexName(LATE_INDEX)
				.keyConditionExpression("#b = :b AND #l > :l")
				.expressionAttributeNames(Map.of("#b", LATE_BUCKET, "#l", LATE_AT))
				.expressionAttributeValues(Map.of(":b", s(ChangeLogPosition.bucket(minute)), ":l", s(floor))),
					Integer.MAX_VALUE));
		}
		return entries;
	}

	/**
	 * The newest entries, newest first, until {@code changes} change entries are found or {@code minutes} minute
	 * buckets were read.
	 */
	List<ChangeLogEntry> newest(int changes, int minutes) {
		List<ChangeLogEntry> entries = new ArrayList<>();
		Instant minute = this.clock.instant().plus(CLOCK_SLACK);
		int found = 0;
		for (int i = 0; i <= minutes && found < changes; i++, minute = minute.minusSeconds(60)) {
			Map<String, AttributeValue> start = null;
			do {
				QueryResponse page = this.dynamo.query(QueryRequest.builder()
					.tableName(this.tableName)
					.keyConditionExpression("#b = :b")
					.expressionAttributeNames(Map.of("#b", BUCKET))
					.expressionAttributeValues(Map.of(":b", s(ChangeLogPosition.bucket(minute))))
					.scanIndexForward(false)
					.limit(Math.min(MAX_PAGE, Math.max(50, 2 * (changes - found))))
					.exclusiveStartKey(start)
					.build());
				for (Map<String, AttributeValue> item : page.items()) {
					ChangeLogEntry entry = entry(item);
					if (entry != null) {
						entries.add(entry);
						found += entry.isChange() ? 1 : 0;
					}
				}
				start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
						: null;
			}
			while (start != null && found < changes);
		}
		return entries;
	}

	private List<ChangeLogEntry> query(QueryRequest.Builder request, int limit) {
		List<ChangeLogEntry> entries = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		do {
			QueryResponse page = this.dynamo
				.query(request.exclusiveStartKey(start).limit(Math.max(1, Math.min(MAX_PAGE, limit - entries.size())))
					.build());
			for (Map<String, AttributeValue> item : page.items()) {
				ChangeLogEntry entry = entry(item);
				if (entry != null) {
					entries.add(entry);
				}
			}
			start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
		}
		while (start != null && entries.size() < limit);
		return entries;
	}

	private Map<String, AttributeValue> item(ChangeLogEntry entry) {
		Map<String, AttributeValue> item = new HashMap<>();
		item.put(BUCKET, s(ChangeLogPosition.bucket(entry.position())));
		item.put(POSITION, s(entry.position()));
		item.put(EVENT_ID, s(entry.eventId()));
		item.put(APPENDED_AT, n(entry.appendedAt().toEpochMilli()));
		item.put(EXPIRES_AT, n(ChangeLogPosition.time(entry.position()).plus(this.retention).getEpochSecond()));
		if (entry.appendedAt().isAfter(ChangeLogPosition.time(entry.position()).plus(this.lateAfter))) {
			item.put(LATE_BUCKET, s(ChangeLogPosition.bucket(entry.appendedAt())));
			item.put(LATE_AT, s(ChangeLogPosition.floor(entry.appendedAt()) + "-" + entry.position()));
		}
		ChangeEvent change = entry.change();
		if (change != null) {
			item.put(KIND, s("change"));
			item.put("TodoId", s(change.todoId()));
			item.put("Operation", s(change.operation()));
			putIf(item, "From", change.from());
			putIf(item, "To", change.to());
			putIf(item, "Task", change.task());
			putIf(item, "DueDate", change.dueDate());
			if (change.version() != null) {
				item.put("Version", n(change.version()));
			}
			if (Boolean.TRUE.equals(change.expired())) {
				item.put("Expired", AttributeValue.fromBool(true));
			}
			item.put("At", s(change.at().toString()));
		}
		DeliveryOutcome delivery = entry.delivery();
		if (delivery != null) {
			item.put(KIND, s("delivery"));
			item.put("DeliveryId", s(delivery.id()));
			item.put("SubscriptionId", s(delivery.subscriptionId()));
			item.put("Url", s(delivery.url()));
			item.put("State", s(delivery.state()));
			item.put("Attempts", n(delivery.attempts()));
			if (delivery.statusCode() != null) {
				item.put("StatusCode", n(delivery.statusCode()));
			}
			putIf(item, "Error", delivery.error());
			putIf(item, "Owner", delivery.owner());
		}
		return item;
	}

	private static @Nullable ChangeLogEntry entry(Map<String, AttributeValue> item) {
		String position = str(item, POSITION);
		String eventId = str(item, EVENT_ID);
		String kind = str(item, KIND);
		if (position == null || eventId == null || kind == null || !ChangeLogPosition.valid(position)) {
			return null;
		}
		Instant appendedAt = (item.get(APPENDED_AT) != null) ? Instant.ofEpochMilli(Long.parseLong(item.get(APPENDED_AT).n()))
				: ChangeLogPosition.time(position);
		if ("change".equals(kind)) {
			AttributeValue version = item.get("Version");
			AttributeValue expired = item.get("Expired");
			ChangeEvent change = new ChangeEvent(position, req(item, "TodoId"), req(item, "Operation"),
					str(item, "From"), str(item, "To"), str(item, "Task"), str(item, "DueDate"),
					(version != null) ? Long.valueOf(version.n()) : null,
					(expired != null && Boolean.TRUE.equals(expired.bool())) ? Boolean.TRUE : null, eventId,
					Instant.parse(req(item, "At")), null);
			return new ChangeLogEntry(position, eventId, change, null, appendedAt);
		}
		AttributeValue code = item.get("StatusCode");
		DeliveryOutcome outcome = new DeliveryOutcome(req(item, "DeliveryId"), req(item, "SubscriptionId"),
				req(item, "Url"), req(item, "State"), Integer.parseInt(item.get("Attempts").n()),
				(code != null) ? Integer.valueOf(code.n()) : null, str(item, "Error"), str(item, "Owner"));
		return new ChangeLogEntry(position, eventId, null, outcome, appendedAt);
	}

	private static void putIf(Map<String, AttributeValue> item, String name, @Nullable String value) {
		if (value != null) {
			item.put(name, s(value));
		}
	}

	private static String req(Map<String, AttributeValue> item, String name) {
		String value = str(item, name);
		if (value == null) {
			throw new IllegalStateException("change log entry without " + name);
		}
		return value;
	}

	private static @Nullable String str(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null) ? value.s() : null;
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

}
