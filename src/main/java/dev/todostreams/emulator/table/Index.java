package dev.todostreams.emulator.table;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.value.Value;

/**
 * A secondary index's entries, kept in index key order and updated with every write to the table.
 * Items lacking an index key attribute are not in the index (sparse index).
 */
final class Index {

	final IndexDefinition definition;

	final ConcurrentSkipListMap<IndexKey, Map<String, Value>> entries = new ConcurrentSkipListMap<>(IndexKey.ORDER);

	private final KeyAttribute tableHash;

	/** Clock millis at which a GSI created by UpdateTable has finished backfilling (CREATING before). */
	volatile long activeAtMillis;

	/** Changes not yet visible in this index (index lag), oldest first; guarded by this index's monitor. */
	private final ArrayDeque<Pending> pending = new ArrayDeque<>();

	private record Pending(Key tableKey, @Nullable Map<String, Value> oldItem, @Nullable Map<String, Value> newItem,
			long dueMillis) {
	}

	private final @Nullable KeyAttribute tableRange;

	Index(IndexDefinition definition, KeyAttribute tableHash, @Nullable KeyAttribute tableRange) {
		this.definition = definition;
		this.tableHash = tableHash;
		this.tableRange = tableRange;
	}

	/** Refuses an item whose index key attributes have the wrong type or are empty. */
	void validate(Map<String, Value> item) {
		check(item, definition.hash(), true);
		if (definition.range() != null) {
			check(item, definition.range(), false);
		}
	}

	private void check(Map<String, Value> item, KeyAttribute attribute, boolean partitionKey) {
		Value value = item.get(attribute.name());
		if (value == null) {
			return;
		}
		if (!value.type().equals(attribute.type())) {
			throw AwsException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
					+ attribute.name() + " Expected: " + attribute.type() + " Actual: " + value.type() + " IndexName: "
					+ definition.name());
		}
		if (value instanceof Value.S s && s.value().isEmpty() || value instanceof Value.B b && b.value().length == 0) {
			throw AwsException.validation("One or more parameter values are not valid. A value specified for a secondary "
					+ "index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
					+ (value instanceof Value.S ? "string" : "binary") + " value. IndexName: " + definition.name()
					+ ", IndexKey: " + attribute.name());
		}
		Table.checkKeySize(value, partitionKey);
	}

	/**
	 * The item's place in this index, or null when it is not in it: an index key attribute missing, of another type,
	 * or an empty string or binary (writes refuse those; a backfill skips the items that hold them, as DynamoDB does).
	 */
	@Nullable IndexKey keyOf(Key tableKey, Map<String, Value> item) {
		Value hash = item.get(definition.hash().name());
		if (hash == null || !hash.type().equals(definition.hash().type()) || isEmpty(hash)) {
			return null;
		}
		Value range = null;
		if (definition.range() != null) {
			range = item.get(definition.range().name());
			if (range == null || !range.type().equals(definition.range().type()) || isEmpty(range)) {
				return null;
			}
		}
		return IndexKey.of(hash, range, tableKey);
	}

	/**
	 * Applies a change once {@code dueMillis} has passed (GSIs are eventually consistent on AWS); changes apply in
	 * commit order, so each one's old item is what the index holds for it by then.
	 */
	synchronized void applyLater(Key tableKey, @Nullable Map<String, Value> oldItem, @Nullable Map<String, Value> newItem,
			long dueMillis, long now) {
		pending.addLast(new Pending(tableKey, oldItem, newItem, dueMillis));
		catchUp(now);
	}

	/** Makes every change that is due by {@code now} visible. */
	synchronized void catchUp(long now) {
		while (!pending.isEmpty() && pending.peekFirst().dueMillis() <= now) {
			Pending p = pending.pollFirst();
			apply(p.tableKey(), p.oldItem(), p.newItem());
		}
	}

	private static boolean isEmpty(Value v) {
		return v instanceof Value.S s && s.value().isEmpty() || v instanceof Value.B b && b.value().length == 0;
	}

	void apply(Key tableKey, @Nullable Map<String, Value> oldItem, @Nullable Map<String, Value> newItem) {
		IndexKey oldKey = oldItem == null ? null : keyOf(tableKey, oldItem);
		IndexKey newKey = newItem == null ? null : keyOf(tableKey, newItem);
		if (oldKey != null && (newKey == null || IndexKey.ORDER.compare(oldKey, newKey) != 0)) {
			entries.remove(oldKey);
		}
		if (newKey != null) {
			entries.put(newKey, project(newItem));
		}
	}

	/** The attributes this index holds for an item, per its projection. */
	Map<String, Value> project(Map<String, Value> item) {
		if ("ALL".equals(definition.projectionType())) {
			return item;
		}
		Map<String, Value> out = new LinkedHashMap<>();
		copy(item, out, tableHash.name());
		if (tableRange != null) {
			copy(item, out, tableRange.name());
		}
		copy(item, out, definition.hash().name());
		if (definition.range() != null) {
			copy(item, out, definition.range().name());
		}
		for (String name : definition.nonKeyAttributes()) {
			copy(item, out, name);
		}
		return out;
	}

	private static void copy(Map<String, Value> from, Map<String, Value> to, String name) {
		Value v = from.get(name);
		if (v != null) {
			to.put(name, v);
		}
	}
}
