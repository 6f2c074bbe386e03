package dev.todostreams.stream.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.todostreams.stream.DeadLetter;
import dev.todostreams.stream.DeadLetterStore;
import dev.todostreams.stream.ItemChange;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Dead letters in DynamoDB, one item per (eventId, handlerId) holding the change's images as maps, so a replay
 * gets exactly what the handler saw. {@code expiresAt} lets TTL drop old ones.
 */
public final class DynamoDbDeadLetterStore implements DeadLetterStore {

	private final DynamoDbClient dynamo;

	private final String tableName;

	private final Duration retention;

	private final Clock clock;

	public DynamoDbDeadLetterStore(DynamoDbClient dynamo, String tableName, Duration retention, Clock clock) {
		this.dynamo = dynamo;
		this.tableName = tableName;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public void put(DeadLetter deadLetter) {
		this.dynamo.putItem((r) -> r.tableName(this.tableName).item(toItem(deadLetter)));
	}

	@Override
	public List<DeadLetter> list(int limit) {
		List<DeadLetter> result = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		do {
			ScanRequest.Builder request = ScanRequest.builder().tableName(this.tableName).consistentRead(true);
			if (start != null) {
				request.exclusiveStartKey(start);
			}
			ScanResponse page = this.dynamo.scan(request.build());
			page.items().forEach((item) -> result.add(fromItem(item)));
			start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
		}
		while (start != null);
		result.sort(Comparator.comparing(DeadLetter::deadLetteredAt).thenComparing(DeadLetter::id));
		return (result.size() > limit) ? List.copyOf(result.subList(0, limit)) : result;
	}

	@Override
	public Optional<DeadLetter> find(String id) {
		Map<String, AttributeValue> item = this.dynamo
			.getItem((r) -> r.tableName(this.tableName).key(Map.of(StreamTables.ID, s(id))).consistentRead(true))
			.item();
		return (item == null || item.isEmpty()) ? Optional.empty() : Optional.of(fromItem(item));
	}

	@Override
	public void delete(String id) {
		this.dynamo.deleteItem((r) -> r.tableName(this.tableName).key(Map.of(StreamTables.ID, s(id))));
	}

	Map<String, AttributeValue> toItem(DeadLetter deadLetter) {
		Map<String, AttributeValue> item = new HashMap<>();
		item.put(StreamTables.ID, s(deadLetter.id()));
		item.put("eventId", s(deadLetter.eventId()));
		item.put("handlerId", s(deadLetter.handlerId()));
		item.put("shardId", s(deadLetter.shardId()));
		item.put("sequenceNumber", s(deadLetter.sequenceNumber()));
		item.put("reason", s(deadLetter.reason()));
		if (deadLetter.error() != null) {
			item.put("error", s(deadLetter.error()));
		}
		item.put("attempts", n(deadLetter.attempts()));
		item.put("deadLetteredAt", s(deadLetter.deadLetteredAt().toString()));
		item.put(StreamTables.EXPIRES_AT, n(this.clock.instant().plus(this.retention).getEpochSecond()));
		ItemChange change = deadLetter.change();
		if (change != null) {
			item.put("operation", s(change.operation().name()));
			item.put("keys", AttributeValue.fromM(change.keys()));
			if (change.oldImage() != null) {
				item.put("oldImage", AttributeValue.fromM(change.oldImage()));
			}
			if (change.newImage() != null) {
				item.put("newImage", AttributeValue.fromM(change.newImage()));
			}
			item.put("approximateCreationTime", s(change.approximateCreationTime().toString()));
			item.put("ttlExpired", AttributeValue.fromBool(change.ttlExpired()));
		}
		return item;
	}

	static DeadLetter fromItem(Map<String, AttributeValue> item) {
		ItemChange change = null;
		if (item.containsKey("operation")) {
			change = new ItemChange(str(item, "eventId"), ItemChange.Operation.valueOf(str(item, "operation")),
					item.get("keys").m(), map(item, "oldImage"), map(item, "newImage"), str(item, "sequenceNumber"),
					Instant.parse(str(item, "approximateCreationTime")),
					Boolean.TRUE.equals(item.get("ttlExpired").bool()));
		}
		AttributeValue error = item.get("error");
		return new DeadLetter(str(item, StreamTables.ID), str(item, "eventId"), str(item, "handlerId"),
				str(item, "shardId"), str(item, "sequenceNumber"), change, str(item, "reason"),
				(error != null) ? error.s() : null, Integer.parseInt(item.get("attempts").n()),
				Instant.parse(str(item, "deadLetteredAt")));
	}

	private static String str(Map<String, AttributeValue> item, String name) {
		return item.get(name).s();
	}

	private static @Nullable Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null) ? value.m() : null;
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

}
