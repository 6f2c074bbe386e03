package dev.todostreams.emulator.table;

import java.util.Comparator;

import org.jspecify.annotations.Nullable;

/**
 * Where an item sits in a secondary index: the index partition key's hash position (see {@link Key}), the index key,
 * then the table key to keep entries unique. A Scan of an index returns its partitions in hash order and each
 * partition in the index's sort key order. {@code bound} -1/+1 bound all entries of one index hash value (or, with a
 * null hash, every entry at or past a position).
 */
record IndexKey(dev.todostreams.emulator.value.@Nullable Value hash, dev.todostreams.emulator.value.@Nullable Value range,
		@Nullable Key tableKey, int bound, long position) {

	static final Comparator<IndexKey> ORDER = IndexKey::compare;

	static IndexKey of(dev.todostreams.emulator.value.Value hash, dev.todostreams.emulator.value.@Nullable Value range,
			Key tableKey) {
		return new IndexKey(hash, range, tableKey, 0, Key.position(hash));
	}

	static IndexKey lowest(dev.todostreams.emulator.value.Value hash) {
		return new IndexKey(hash, null, null, -1, Key.position(hash));
	}

	static IndexKey highest(dev.todostreams.emulator.value.Value hash) {
		return new IndexKey(hash, null, null, 1, Key.position(hash));
	}

	static IndexKey atPosition(long position) {
		return new IndexKey(null, null, null, -1, position);
	}

	private static int compare(IndexKey a, IndexKey b) {
		int c = Long.compare(a.position, b.position);
		if (c != 0) {
			return c;
		}
		if (a.hash == null || b.hash == null) {
			return a.hash == null ? (b.hash == null ? 0 : -1) : 1;
		}
		c = Key.compareValues(a.hash, b.hash);
		if (c != 0) {
			return c;
		}
		if (a.bound != 0 || b.bound != 0) {
			return Integer.compare(a.bound, b.bound);
		}
		if (a.range != null && b.range != null) {
			c = Key.compareValues(a.range, b.range);
			if (c != 0) {
				return c;
			}
		}
		return Key.ORDER.compare(a.tableKey, b.tableKey);
	}
}
