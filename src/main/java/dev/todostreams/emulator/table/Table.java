package dev.todostreams.emulator.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * One table: its definition (mutable through UpdateTable), its items in key order and its secondary
 * indexes. Writes happen under the database's write lock; reads are lock-free on the sorted maps, whose
 * values (items) are never modified once stored.
 */
final class Table {

	final String name;

	final String arn;

	final String tableId;

	final BigDecimal creationDateTime;

	final KeyAttribute hash;

	final @Nullable KeyAttribute range;

	final Map<String, String> attributeDefinitions = new LinkedHashMap<>();

	volatile String billingMode;

	volatile long readCapacity;

	volatile long writeCapacity;

	final Map<String, Index> indexes = new LinkedHashMap<>();

	volatile @Nullable String streamArn;

	volatile @Nullable String streamLabel;

	volatile @Nullable String streamViewType;

	volatile boolean streamEnabled;

	volatile @Nullable String ttlAttribute;

	volatile boolean ttlEnabled;

	final Map<String, String> tags = new LinkedHashMap<>();

	volatile boolean deletionProtection;

	/** Clock millis until which the table is CREATING (a new table) and UPDATING (after UpdateTable). */
	volatile long activeAtMillis;

	volatile long updatingUntilMillis;

	/**
	 * Set by DeleteTable while the table is DELETING (a non-zero tableStatusDelay): item calls no longer find it and
	 * it is gone (DescribeTable ResourceNotFoundException) from {@link #goneAtMillis}. Written under the write lock.
	 */
	volatile boolean deleting;

	volatile long goneAtMillis = Long.MAX_VALUE;

	/** The items in key order (Query, Scan), each in its {@link Slot}: read them with {@link #itemOf(Object)}. */
	final ConcurrentSkipListMap<Key, Slot> items = new ConcurrentSkipListMap<>(Key.ORDER);

	/**
	 * The same slots by key, for point reads and writes without walking the sorted map: overwriting an item
	 * replaces it in its slot and does not touch either map.
	 */
	private final ConcurrentHashMap<Key, Slot> byKey = new ConcurrentHashMap<>();

	private final AtomicLong sizeBytes = new AtomicLong();

	Table(String name, String arn, String tableId, BigDecimal creationDateTime, KeyAttribute hash,
			@Nullable KeyAttribute range) {
		this.name = name;
		this.arn = arn;
		this.tableId = tableId;
		this.creationDateTime = creationDateTime;
		this.hash = hash;
		this.range = range;
	}

	boolean isKeyAttribute(String attribute) {
		return hash.name().equals(attribute) || (range != null && range.name().equals(attribute));
	}

	/** The primary key of a full item (PutItem), validated against the key schema and the indexes. */
	Key keyOfItem(Map<String, Value> item) {
		Value h = keyValue(item, hash, true);
		Value r = range == null ? null : keyValue(item, range, true);
		for (Index index : indexes.values()) {
			index.validate(item);
		}
		return Key.of(h, r);
	}

	/** The primary key given as a request's {@code Key}: exactly the key attributes. */
	Key keyOfRequest(Map<String, Value> key) {
		int expected = range == null ? 1 : 2;
		if (key.size() != expected || !key.containsKey(hash.name()) || (range != null && !key.containsKey(range.name()))) {
			throw AwsException.validation("The provided key element does not match the schema");
		}
		Value h = keyValue(key, hash, false);
		Value r = range == null ? null : keyValue(key, range, false);
		return Key.of(h, r);
	}

	private Value keyValue(Map<String, Value> item, KeyAttribute attribute, boolean fullItem) {
		Value v = item.get(attribute.name());
		if (v == null) {
			throw AwsException.validation("One or more parameter values were invalid: Missing the key " + attribute.name()
					+ " in the item");
		}
		if (!v.type().equals(attribute.type())) {
			if (!fullItem) {
				throw AwsException.validation("The provided key element does not match the schema");
			}
			throw AwsException.validation("One or more parameter values were invalid: Type mismatch for key "
					+ attribute.name() + " expected: " + attribute.type() + " actual: " + v.type());
		}
		if (v instanceof Value.S s && s.value().isEmpty() || v instanceof Value.B b && b.value().length == 0) {
			throw AwsException.validation("One or more parameter values are not valid. The AttributeValue for a key "
					+ "attribute cannot contain an empty " + (v instanceof Value.S ? "string" : "binary") + " value. Key: "
					+ attribute.name());
		}
		checkKeySize(v, attribute == hash);
		return v;
	}

	/** DynamoDB's key length limits: 2048 bytes for a partition key, 1024 for a sort key (tables and indexes). */
	static void checkKeySize(Value v, boolean partitionKey) {
		int size = v instanceof Value.S s ? (s.value().length() * 3 <= Values.MAX_RANGE_KEY_BYTES ? 0 : Values.utf8Length(s.value()))
				: v instanceof Value.B b ? b.value().length : 0;
		if (partitionKey && size > Values.MAX_HASH_KEY_BYTES) {
			throw AwsException.validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum"
					+ " size limit of 2048 bytes");
		}
		if (!partitionKey && size > Values.MAX_RANGE_KEY_BYTES) {
			throw AwsException.validation("One or more parameter values were invalid: Aggregated size of all range keys has"
					+ " exceeded the size limit of 1024 bytes");
		}
	}

	/** The key attributes of an item as a map (for stream records, LastEvaluatedKey, ...). */
	Map<String, Value> keyAttributes(Key key) {
		Map<String, Value> out = new LinkedHashMap<>(4);
		out.put(hash.name(), key.hash());
		if (range != null && key.range() != null) {
			out.put(range.name(), key.range());
		}
		return out;
	}

	@Nullable Map<String, Value> get(Key key) {
		Slot slot = byKey.get(key);
		return slot == null ? null : slot.item;
	}

	/** {@link Values#itemSize(Map)} of {@code item}, the stored item of {@code key}, without walking it again. */
	int storedSize(Key key, Map<String, Value> item) {
		Slot slot = byKey.get(key);
		return (slot != null && slot.item == item) ? slot.size : Values.itemSize(item);
	}

	/** The item of a value of {@link #items}, or an index's entry as it is. */
	@SuppressWarnings("unchecked")
	static Map<String, Value> itemOf(Object value) {
		return (value instanceof Slot slot) ? slot.item : (Map<String, Value>) value;
	}

	/** Stores or removes an item and maintains indexes and size. Caller holds the write lock. */
	void store(Key key, @Nullable Map<String, Value> oldItem, @Nullable Map<String, Value> newItem) {
		store(key, oldItem, newItem, newItem == null ? 0 : Values.itemSize(newItem));
	}

	/** {@link #store(Key, Map, Map)} with the new item's size already known. Caller holds the write lock. */
	void store(Key key, @Nullable Map<String, Value> oldItem, @Nullable Map<String, Value> newItem, int newSize) {
		store(key, oldItem, newItem, newSize, 0, 0);
	}

	/**
	 * {@link #store(Key, Map, Map, int)}; with {@code indexLagMillis} above zero the change shows in global secondary
	 * indexes only that long after {@code now}.
	 */
	void store(Key key, @Nullable Map<String, Value> oldItem, @Nullable Map<String, Value> newItem, int newSize,
			long indexLagMillis, long now) {
		Slot slot = byKey.get(key);
		int oldSize = (slot == null || oldItem == null) ? 0 : (slot.item == oldItem ? slot.size : Values.itemSize(oldItem));
		if (newItem == null) {
			if (slot != null) {
				items.remove(key);
				byKey.remove(key);
			}
		}
		else if (slot != null) {
			// the slot stays in both maps: readers see the old or the new item, never a missing one
			slot.size = newSize;
			slot.item = newItem;
		}
		else {
			Slot created = new Slot(newItem, newSize);
			items.put(key, created);
			byKey.put(key, created);
		}
		sizeBytes.addAndGet((long) (newItem == null ? 0 : newSize) - oldSize);
		for (Index index : indexes.values()) {
			if (indexLagMillis > 0 && index.definition.global()) {
				index.applyLater(key, oldItem, newItem, now + indexLagMillis, now);
			}
			else {
				index.apply(key, oldItem, newItem);
			}
		}
	}

	/** DescribeTable's TableStatus at {@code now}. */
	String status(long now) {
		return deleting ? "DELETING" : now < activeAtMillis ? "CREATING" : now < updatingUntilMillis ? "UPDATING" : "ACTIVE";
	}

	void backfill(Index index) {
		items.forEach((key, slot) -> index.apply(key, null, slot.item));
	}

	long sizeBytes() {
		return sizeBytes.get();
	}

	List<Map<String, Object>> keySchemaJson() {
		List<Map<String, Object>> schema = new ArrayList<>();
		schema.add(Map.of("AttributeName", hash.name(), "KeyType", "HASH"));
		if (range != null) {
			schema.add(Map.of("AttributeName", range.name(), "KeyType", "RANGE"));
		}
		return schema;
	}

	Map<String, Object> describe(String status) {
		return describe(status, Long.MAX_VALUE);
	}

	/** The TableDescription; index statuses as of {@code now}. */
	Map<String, Object> describe(String status, long now) {
		Map<String, Object> d = new LinkedHashMap<>();
		List<Object> definitions = new ArrayList<>();
		attributeDefinitions.forEach((n, t) -> definitions.add(Map.of("AttributeName", n, "AttributeType", t)));
		d.put("AttributeDefinitions", definitions);
		d.put("TableName", name);
		d.put("KeySchema", keySchemaJson());
		d.put("TableStatus", status);
		d.put("CreationDateTime", creationDateTime);
		d.put("ProvisionedThroughput", throughput(readCapacity, writeCapacity));
		d.put("TableSizeBytes", sizeBytes.get());
		d.put("ItemCount", (long) items.size());
		d.put("TableArn", arn);
		d.put("TableId", tableId);
		if ("PAY_PER_REQUEST".equals(billingMode)) {
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("BillingMode", "PAY_PER_REQUEST");
			summary.put("LastUpdateToPayPerRequestDateTime", creationDateTime);
			d.put("BillingModeSummary", summary);
		}
		List<Object> gsis = new ArrayList<>();
		List<Object> lsis = new ArrayList<>();
		for (Index index : indexes.values()) {
			IndexDefinition def = index.definition;
			Map<String, Object> i = new LinkedHashMap<>();
			i.put("IndexName", def.name());
			i.putAll(def.keySchemaJson());
			i.put("Projection", def.projectionJson());
			long size = 0;
			for (Map<String, Value> item : index.entries.values()) {
				size += Values.itemSize(item);
			}
			i.put("IndexSizeBytes", size);
			i.put("ItemCount", (long) index.entries.size());
			i.put("IndexArn", arn + "/index/" + def.name());
			if (def.global()) {
				boolean backfilling = now < index.activeAtMillis;
				i.put("IndexStatus", backfilling ? "CREATING" : "ACTIVE");
				if (backfilling) {
					i.put("Backfilling", true);
				}
				i.put("ProvisionedThroughput", throughput(def.readCapacity(), def.writeCapacity()));
				gsis.add(i);
			}
			else {
				lsis.add(i);
			}
		}
		if (!lsis.isEmpty()) {
			d.put("LocalSecondaryIndexes", lsis);
		}
		if (!gsis.isEmpty()) {
			d.put("GlobalSecondaryIndexes", gsis);
		}
		if (streamEnabled && streamViewType != null) {
			d.put("StreamSpecification", Map.of("StreamEnabled", true, "StreamViewType", streamViewType));
		}
		if (streamArn != null) {
			d.put("LatestStreamLabel", streamLabel);
			d.put("LatestStreamArn", streamArn);
		}
		d.put("DeletionProtectionEnabled", deletionProtection);
		return d;
	}

	/**
	 * Where one stored item lives. The item is replaced (never modified) by a write under the write lock; readers
	 * take it without locking.
	 */
	static final class Slot {

		volatile Map<String, Value> item;

		/** {@link Values#itemSize(Map)} of {@link #item}; guarded by the write lock. */
		int size;

		Slot(Map<String, Value> item, int size) {
			this.item = item;
			this.size = size;
		}
	}

	private static Map<String, Object> throughput(long read, long write) {
		Map<String, Object> t = new LinkedHashMap<>();
		t.put("NumberOfDecreasesToday", 0L);
		t.put("ReadCapacityUnits", read);
		t.put("WriteCapacityUnits", write);
		return t;
	}
}
