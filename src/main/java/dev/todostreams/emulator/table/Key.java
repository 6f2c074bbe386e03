package dev.todostreams.emulator.table;

import java.util.Comparator;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * A primary key (or index key) in storage order. {@code bound} -1/+1 make a key that sorts below/above
 * every key of the same hash value, to bound a partition in a sorted map.
 */
record Key(Value hash, @Nullable Value range, int bound) {

	static final Comparator<Key> ORDER = Key::compare;

	static Key of(Value hash, @Nullable Value range) {
		return new Key(hash, range, 0);
	}

	static Key lowest(Value hash) {
		return new Key(hash, null, -1);
	}

	static Key highest(Value hash) {
		return new Key(hash, null, 1);
	}

	private static int compare(Key a, Key b) {
		int c = compareValues(a.hash, b.hash);
		if (c != 0) {
			return c;
		}
		if (a.bound != 0 || b.bound != 0) {
			return Integer.compare(a.bound, b.bound);
		}
		if (a.range == null || b.range == null) {
			return a.range == null ? (b.range == null ? 0 : -1) : 1;
		}
		return compareValues(a.range, b.range);
	}

	/** A total order on key values: by type, then as DynamoDB sorts values of that type. */
	static int compareValues(Value a, Value b) {
		if (a.getClass() != b.getClass()) {
			return a.type().compareTo(b.type());
		}
		return Values.compare(a, b);
	}
}
