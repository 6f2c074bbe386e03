package dev.todostreams.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Many "put unless it exists" writes in few round trips: up to 100 conditional puts per TransactWriteItems (and at
 * most about 2 MB of items, below the 4 MB limit). DynamoDB refuses a whole transaction when one condition fails and
 * names the failed ones, so a refused transaction drops the items that exist already and sends the rest again; after
 * a few rounds (items written concurrently by someone else) the rest is written one by one. Each item is written at
 * most once and never overwrites an existing one, exactly as with one conditional PutItem per item.
 * BatchWriteItem cannot be used: it has no conditions, so it would overwrite an item written before.
 */
public final class ConditionalPuts {

	private static final int MAX_ITEMS = 100;

	private static final int MAX_BYTES = 2 * 1024 * 1024;

	private static final int ROUNDS = 3;

	private ConditionalPuts() {
	}

	/**
	 * @param keyAttribute an attribute of the table's key (the condition is that it does not exist)
	 * @return the positions in {@code items} of the items this call wrote (the others existed already)
	 */
	public static Set<Integer> putAllIfAbsent(DynamoDbClient dynamo, String table, String keyAttribute,
			List<Map<String, AttributeValue>> items) {
		Set<Integer> written = new HashSet<>();
		int from = 0;
		while (from < items.size()) {
			List<Integer> chunk = new ArrayList<>();
			long bytes = 0;
			while (from < items.size() && chunk.size() < MAX_ITEMS) {
				long size = approximateSize(items.get(from));
				if (!chunk.isEmpty() && bytes + size > MAX_BYTES) {
					break;
				}
				bytes += size;
				chunk.add(from++);
			}
			for (int round = 0; !chunk.isEmpty(); round++) {
				if (round == ROUNDS) {
					for (int index : chunk) {
						if (putIfAbsent(dynamo, table, keyAttribute, items.get(index))) {
							written.add(index);
						}
					}
					break;
				}
				chunk = transact(dynamo, table, keyAttribute, items, chunk, written);
			}
		}
		return written;
	}

	/** One conditional PutItem: true when it wrote the item. */
	public static boolean putIfAbsent(DynamoDbClient dynamo, String table, String keyAttribute,
			Map<String, AttributeValue> item) {
		try {
			dynamo.putItem((r) -> r.tableName(table)
				.item(item)
				.conditionExpression("attribute_not_exists(#k)")
				.expressionAttributeNames(Map.of("#k", keyAttribute)));
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
	}

	/** @return the items to send again (neither written nor known to exist) */
	private static List<Integer> transact(DynamoDbClient dynamo, String table, String keyAttribute,
			List<Map<String, AttributeValue>> items, List<Integer> chunk, Set<Integer> written) {
		if (chunk.size() == 1) {
			if (putIfAbsent(dynamo, table, keyAttribute, items.get(chunk.get(0)))) {
				written.add(chunk.get(0));
			}
			return List.of();
		}
		List<TransactWriteItem> puts = new ArrayList<>();
		for (int index : chunk) {
			puts.add(TransactWriteItem.builder()
				.put((p) -> p.tableName(table)
					.item(items.get(index))
					.conditionExpression("attribute_not_exists(#k)")
					.expressionAttributeNames(Map.of("#k", keyAttribute)))
				.build());
		}
		try {
			dynamo.transactWriteItems((r) -> r.transactItems(puts));
			written.addAll(chunk);
			return List.of();
		}
		catch (TransactionCanceledException ex) {
			List<CancellationReason> reasons = ex.hasCancellationReasons() ? ex.cancellationReasons() : List.of();
			if (reasons.size() != chunk.size()) {
				return chunk;
			}
			List<Integer> again = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				if (!"ConditionalCheckFailed".equals(reasons.get(i).code())) {
					again.add(chunk.get(i));
				}
			}
			return again;
		}
	}

	private static long approximateSize(Map<String, AttributeValue> item) {
		long size = 0;
		for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
			size += entry.getKey().length() + approximateSize(entry.getValue());
		}
		return size;
	}

	private static long approximateSize(AttributeValue value) {
		if (value.s() != null) {
			return value.s().length() * 3L;
		}
		if (value.n() != null) {
			return value.n().length();
		}
		if (value.hasM()) {
			return approximateSize(value.m());
		}
		if (value.hasL()) {
			long size = 0;
			for (AttributeValue element : value.l()) {
				size += approximateSize(element) + 1;
			}
			return size;
		}
		return 64;
	}

}
