package dev.todostreams.stream.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.todostreams.stream.IdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records in DynamoDB, one item per (eventId, handlerId): a conditional put claims, an unconditional
 * put marks done, and {@code expiresAt} lets TTL remove records after the stream can no longer redeliver.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

	private static final String STATE = "state";

	private static final String OWNER = "owner";

	private static final String CLAIMED_UNTIL = "claimedUntil";

	private static final String CLAIMED = "CLAIMED";

	private static final String DONE = "DONE";

	private static final String CLAIM_CONDITION = "attribute_not_exists(#id) OR (#state = :claimed AND (#owner = :owner OR #until < :now))";

	private final DynamoDbClient dynamo;

	private final String tableName;

	private final Duration retention;

	private final Clock clock;

	/**
	 * @param retention how long a record is kept; longer than the stream's 24 h retention
	 */
	public DynamoDbIdempotencyStore(DynamoDbClient dynamo, String tableName, Duration retention, Clock clock) {
		this.dynamo = dynamo;
		this.tableName = tableName;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public Claim claim(String eventId, String handlerId, String owner, Duration claimTimeout) {
		Instant now = this.clock.instant();
		try {
			this.dynamo.putItem((r) -> r.tableName(this.tableName)
				.item(Map.of(StreamTables.ID, s(key(eventId, handlerId)), STATE, s(CLAIMED), OWNER, s(owner),
						CLAIMED_UNTIL, n(now.plus(claimTimeout).toEpochMilli()), StreamTables.EXPIRES_AT,
						n(now.plus(this.retention).getEpochSecond())))
				.conditionExpression(CLAIM_CONDITION)
				.expressionAttributeNames(
						Map.of("#id", StreamTables.ID, "#state", STATE, "#owner", OWNER, "#until", CLAIMED_UNTIL))
				.expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":owner", s(owner), ":now",
						n(now.toEpochMilli()))));
			return Claim.ACQUIRED;
		}
		catch (ConditionalCheckFailedException ex) {
			Map<String, AttributeValue> item = this.dynamo
				.getItem((r) -> r.tableName(this.tableName)
					.key(Map.of(StreamTables.ID, s(key(eventId, handlerId))))
					.consistentRead(true))
				.item();
			AttributeValue state = (item != null) ? item.get(STATE) : null;
			return (state != null && DONE.equals(state.s())) ? Claim.COMPLETED : Claim.HELD_ELSEWHERE;
		}
	}

	@Override
	public void complete(String eventId, String handlerId, String owner) {
		Instant now = this.clock.instant();
		this.dynamo.putItem((r) -> r.tableName(this.tableName)
			.item(Map.of(StreamTables.ID, s(key(eventId, handlerId)), STATE, s(DONE), OWNER, s(owner),
					StreamTables.EXPIRES_AT, n(now.plus(this.retention).getEpochSecond()))));
	}

	@Override
	public void release(String eventId, String handlerId, String owner) {
		try {
			this.dynamo.deleteItem((r) -> r.tableName(this.tableName)
				.key(Map.of(StreamTables.ID, s(key(eventId, handlerId))))
				.conditionExpression("#state = :claimed AND #owner = :owner")
				.expressionAttributeNames(Map.of("#state", STATE, "#owner", OWNER))
				.expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":owner", s(owner))));
		}
		catch (ConditionalCheckFailedException ex) {
			// done meanwhile, or claimed by someone else after our claim expired: leave it
		}
	}

	static String key(String eventId, String handlerId) {
		return eventId + "#" + handlerId;
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

}
