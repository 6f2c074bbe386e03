package dev.todostreams.emulator.table;

import java.util.Comparator;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * A primary key in storage order: by the partition key's {@code position} (a hash of its value, as DynamoDB places
 * partitions by a hash of the partition key), then the partition key value, then the sort key. A Scan therefore
 * returns items in hash order, not in key order, and a partition's items stay together in sort key order for Query.
 * {@code bound} -1/+1 make a key that sorts below/above every key of the same hash value (or, with a null hash, every
 * key at or past a position: the start of a parallel scan segment).
 */
record Key(@Nullable Value hash, @Nullable Value range, int bound, long position) {

	/** Positions lie in 0 .. 2^32 - 1. */
	static final long POSITIONS = 1L << 32;

	static final Comparator<Key> ORDER = Key::compare;

	static Key of(Value hash, @Nullable Value range) {
		return new Key(hash, range, 0, position(hash));
	}

	static Key lowest(Value hash) {
		return new Key(hash, null, -1, position(hash));
	}

	static Key highest(Value hash) {
		return new Key(hash, null, 1, position(hash));
	}

	/** Sorts below every key whose position is at least {@code position}. */
	static Key atPosition(long position) {
		return new Key(null, null, -1, position);
	}

	/** Where a partition key value lies in hash order: a well-mixed 32-bit hash of the value. */
	static long position(Value hash) {
		int h = hash.hashCode();
		// murmur3's finaliser spreads nearby hash codes (e.g. "T1", "T2") over the whole range
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h & 0xffffffffL;
	}

	/** The first position of parallel scan segment {@code segment} of {@code total}: contiguous ranges, nested by halving. */
	static long segmentStart(int segment, int total) {
		return segment * POSITIONS / total;
	}

	private static int compare(Key a, Key b) {
		int c = Long.compare(a.position, b.position);
		if (c != 0) {
			return c;
		}
		if (a.hash == null || b.hash == null) {
			return a.hash == null ? (b.hash == null ? 0 : -1) : 1;
		}
		c = compareValues(a.hash, b.hash);
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
