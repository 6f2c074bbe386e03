package dev.todostreams.emulator.table;

import java.util.Comparator;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;

/**
 * Where an item sits in a secondary index: the index key, then the table key to keep entries unique.
 * {@code bound} -1/+1 bound all entries of one index hash value.
 */
record IndexKey(Value hash, @Nullable Value range, @Nullable Key tableKey, int bound) {

	static final Comparator<IndexKey> ORDER = IndexKey::compare;

	static IndexKey lowest(Value hash) {
		return new IndexKey(hash, null, null, -1);
	}

	static IndexKey highest(Value hash) {
		return new IndexKey(hash, null, null, 1);
	}

	private static int compare(IndexKey a, IndexKey b) {
		int c = Key.compareValues(a.hash, b.hash);
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
