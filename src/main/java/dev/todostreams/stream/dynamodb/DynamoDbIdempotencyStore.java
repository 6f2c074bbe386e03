package dev.todostreams.stream.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.todostreams.stream.IdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

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

	private static final int MAX_TRANSACTION = 100;

	private static final int MAX_BATCH_WRITE = 25;

	private static final Map<String, String> CLAIM_NAMES = Map.of("#id", StreamTables.ID, "#state", STATE, "#owner",
			OWNER, "#until", CLAIMED_UNTIL);

	private static final String CLAIM_CONDITION = "attribute_not_exists(#id) OR (#state = :claimed AND (#owner = :owner OR #until < :now))";

	/** The fenced take-over: any claim that is not done. */
	private static final String TAKE_OVER_CONDITION = "attribute_not_exists(#id) OR #state = :claimed";

	private static final Map<String, String> TAKE_OVER_NAMES = Map.of("#id", StreamTables.ID, "#state", STATE);

	/** Sends the chunks of one bulk claim or completion at the same time; shared, daemon threads. */
	private static final ExecutorService IO = Executors.newFixedThreadPool(8, (task) -> {
		Thread thread = new Thread(task, "idempotency-io");
		thread.setDaemon(true);
		return thread;
	});

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
	public Claim claim(String eventId, String handlerId, String owner, Duration claimTimeout, boolean takeOver) {
		Instant now = this.clock.instant();
		try {
			this.dynamo.putItem((r) -> r.tableName(this.tableName)
				.item(claimItem(eventId, handlerId, owner, now, claimTimeout))
				.conditionExpression(takeOver ? TAKE_OVER_CONDITION : CLAIM_CONDITION)
				.expressionAttributeNames(takeOver ? TAKE_OVER_NAMES : CLAIM_NAMES)
				.expressionAttributeValues(takeOver ? Map.of(":claimed", s(CLAIMED)) : claimValues(owner, now)));
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

	/**
	 * Claims up to 100 pairs per TransactWriteItems. A refused transaction names the refused pairs and returns their
	 * records: those are decided from them (done: COMPLETED; claimed by another: HELD_ELSEWHERE), and the rest is
	 * sent again as a smaller transaction; what is still undecided after a few rounds is decided pair by pair. After
	 * a take-over the shard's last batch is mostly claimed or done by the earlier holder, and deciding it pair by
	 * pair cost one or two round trips per pair.
	 */
	@Override
	public Map<Key, Claim> claimAll(List<Key> keys, String owner, Duration claimTimeout, boolean takeOver) {
		Map<Key, Claim> decided = new ConcurrentHashMap<>();
		// the chunks are independent: sent at the same time, the slice waits for one round trip instead of several
		inParallel(chunks(keys, MAX_TRANSACTION), (first) -> {
			List<Key> chunk = first;
			for (int round = 0; !chunk.isEmpty(); round++) {
				if (round == 3) {
					for (Key key : chunk) {
						decided.put(key, claim(key.eventId(), key.handlerId(), owner, claimTimeout, takeOver));
					}
					break;
				}
				chunk = claimChunk(chunk, owner, claimTimeout, takeOver, decided);
			}
		});
		Map<Key, Claim> result = new LinkedHashMap<>();
		for (Key key : keys) {
			Claim claim = decided.get(key);
			if (claim != null) {
				result.put(key, claim);
			}
		}
		return result;
	}

	private static <T> List<List<T>> chunks(List<T> items, int size) {
		List<List<T>> chunks = new ArrayList<>();
		for (int from = 0; from < items.size(); from += size) {
			chunks.add(items.subList(from, Math.min(items.size(), from + size)));
		}
		return chunks;
	}

	/**
	 * Runs the work on every part at once (the first on the calling thread) and waits for all; the first failure
	 * is thrown once every part is over.
	 */
	private static <T> void inParallel(List<T> parts, Consumer<T> work) {
		if (parts.isEmpty()) {
			return;
		}
		List<Future<?>> others = new ArrayList<>();
		for (T part : parts.subList(1, parts.size())) {
			others.add(IO.submit(() -> work.accept(part)));
		}
		RuntimeException failure = null;
		try {
			work.accept(parts.get(0));
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		for (Future<?> other : others) {
			try {
				other.get();
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException cause) ? cause
							: new IllegalStateException(ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				if (failure == null) {
					failure = new IllegalStateException("interrupted while writing idempotency records", ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** @return the pairs left undecided (to be sent again) */
	private List<Key> claimChunk(List<Key> chunk, String owner, Duration claimTimeout, boolean takeOver,
			Map<Key, Claim> result) {
		Instant now = this.clock.instant();
		List<TransactWriteItem> puts = new ArrayList<>();
		for (Key key : chunk) {
			puts.add(TransactWriteItem.builder()
				.put((p) -> p.tableName(this.tableName)
					.item(claimItem(key.eventId(), key.handlerId(), owner, now, claimTimeout))
					.conditionExpression(takeOver ? TAKE_OVER_CONDITION : CLAIM_CONDITION)
					.expressionAttributeNames(takeOver ? TAKE_OVER_NAMES : CLAIM_NAMES)
					.expressionAttributeValues(takeOver ? Map.of(":claimed", s(CLAIMED)) : claimValues(owner, now))
					.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
				.build());
		}
		try {
			this.dynamo.transactWriteItems((r) -> r.transactItems(puts));
			chunk.forEach((key) -> result.put(key, Claim.ACQUIRED));
			return List.of();
		}
		catch (TransactionCanceledException ex) {
			List<CancellationReason> reasons = ex.hasCancellationReasons() ? ex.cancellationReasons() : List.of();
			if (reasons.size() != chunk.size()) {
				return new ArrayList<>(chunk);
			}
			List<Key> again = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				CancellationReason reason = reasons.get(i);
				Map<String, AttributeValue> old = reason.hasItem() ? reason.item() : Map.of();
				if ("ConditionalCheckFailed".equals(reason.code()) && !old.isEmpty()) {
					AttributeValue state = old.get(STATE);
					result.put(chunk.get(i),
							(state != null && DONE.equals(state.s())) ? Claim.COMPLETED : Claim.HELD_ELSEWHERE);
				}
				else {
					again.add(chunk.get(i));
				}
			}
			return again;
		}
	}

	/** Marks done with BatchWriteItem, 25 at a time (the requests at the same time), resending what DynamoDB leaves unprocessed. */
	@Override
	public void completeAll(List<Key> keys, String owner) {
		Instant now = this.clock.instant();
		inParallel(chunks(keys, MAX_BATCH_WRITE), (chunk) -> {
			List<WriteRequest> writes = new ArrayList<>();
			for (Key key : chunk) {
				writes.add(WriteRequest.builder()
					.putRequest((p) -> p.item(doneItem(key.eventId(), key.handlerId(), owner, now)))
					.build());
			}
			Map<String, List<WriteRequest>> pending = Map.of(this.tableName, writes);
			for (int attempt = 0; !pending.isEmpty(); attempt++) {
				if (attempt == 10) {
					throw new IllegalStateException("DynamoDB kept leaving completions unprocessed");
				}
				Map<String, List<WriteRequest>> request = pending;
				BatchWriteItemResponse response = this.dynamo.batchWriteItem((r) -> r.requestItems(request));
				pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
				pending = pending.entrySet().stream().filter((e) -> !e.getValue().isEmpty())
					.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
			}
		});
	}

	@Override
	public void complete(String eventId, String handlerId, String owner) {
		Instant now = this.clock.instant();
		this.dynamo.putItem((r) -> r.tableName(this.tableName).item(doneItem(eventId, handlerId, owner, now)));
	}

	private Map<String, AttributeValue> claimItem(String eventId, String handlerId, String owner, Instant now,
			Duration claimTimeout) {
		return Map.of(StreamTables.ID, s(key(eventId, handlerId)), STATE, s(CLAIMED), OWNER, s(owner), CLAIMED_UNTIL,
				n(now.plus(claimTimeout).toEpochMilli()), StreamTables.EXPIRES_AT,
				n(now.plus(this.retention).getEpochSecond()));
	}

	private Map<String, AttributeValue> doneItem(String eventId, String handlerId, String owner, Instant now) {
		return Map.of(StreamTables.ID, s(key(eventId, handlerId)), STATE, s(DONE), OWNER, s(owner),
				StreamTables.EXPIRES_AT, n(now.plus(this.retention).getEpochSecond()));
	}

	private static Map<String, AttributeValue> claimValues(String owner, Instant now) {
		return Map.of(":claimed", s(CLAIMED), ":owner", s(owner), ":now", n(now.toEpochMilli()));
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
