package dev.todostreams.emulator.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One shard of a stream: its sequence number range and the records still within retention.
 * Records sit in an array in sequence order; trimmed ones are dropped from the front.
 * Not thread-safe: guarded by the owning {@link StreamState}'s lock.
 */
final class Shard {

	/** Value of {@link #trimmedThroughSequence} while nothing has been trimmed. */
	static final long NOTHING_TRIMMED = -1;

	final String id;

	final @Nullable String parentId;

	final long startingSequence;

	final long createdMillis;

	private long endingSequence = -1;

	private long closedMillis = -1;

	private StreamRecord[] records = new StreamRecord[16];

	/** Index of the first retained record in {@link #records}. */
	private int head;

	/** Index after the last record in {@link #records}. */
	private int tail;

	/** Records trimmed or compacted away before {@code records[head]}. */
	private long trimmedCount;

	private long trimmedThroughSequence = NOTHING_TRIMMED;

	Shard(String id, @Nullable String parentId, long startingSequence, long createdMillis) {
		this.id = id;
		this.parentId = parentId;
		this.startingSequence = startingSequence;
		this.createdMillis = createdMillis;
	}

	boolean isClosed() {
		return this.endingSequence >= 0;
	}

	long endingSequence() {
		return this.endingSequence;
	}

	long closedMillis() {
		return this.closedMillis;
	}

	void close(long endingSequence, long closedMillis) {
		this.endingSequence = endingSequence;
		this.closedMillis = closedMillis;
	}

	/** Records ever appended, trimmed ones included. */
	long totalCount() {
		return this.trimmedCount + (this.tail - this.head);
	}

	int retainedCount() {
		return this.tail - this.head;
	}

	long trimmedCount() {
		return this.trimmedCount;
	}

	long trimmedThroughSequence() {
		return this.trimmedThroughSequence;
	}

	/** The sequence number of the last record, or the starting sequence number when there is none. */
	long lastSequence() {
		if (this.tail > this.head) {
			return this.records[this.tail - 1].sequence();
		}
		return Math.max(this.startingSequence, this.trimmedThroughSequence);
	}

	long lastTimeMillis() {
		return (this.tail > this.head) ? this.records[this.tail - 1].timeMillis() : Long.MIN_VALUE;
	}

	/** Time of the oldest retained record, or {@code Long.MAX_VALUE} when none is left. */
	long oldestTimeMillis() {
		return (this.tail > this.head) ? this.records[this.head].timeMillis() : Long.MAX_VALUE;
	}

	List<StreamRecord> retained() {
		return Arrays.asList(this.records).subList(this.head, this.tail);
	}

	void add(StreamRecord record) {
		if (this.tail == this.records.length) {
			compact();
			if (this.tail == this.records.length) {
				this.records = Arrays.copyOf(this.records, this.records.length * 2);
			}
		}
		this.records[this.tail++] = record;
	}

	/** Restores trim state written by a snapshot (the records themselves are gone). */
	void restoreTrimmed(long count, long throughSequence) {
		if (retainedCount() == 0 && this.trimmedCount == 0) {
			this.trimmedCount = count;
			this.trimmedThroughSequence = throughSequence;
		}
	}

	/** Drops the records appended before {@code cutoffMillis}. */
	void trimBefore(long cutoffMillis) {
		int first = this.head;
		while (first < this.tail && this.records[first].timeMillis() < cutoffMillis) {
			first++;
		}
		if (first == this.head) {
			return;
		}
		this.trimmedThroughSequence = this.records[first - 1].sequence();
		for (int i = this.head; i < first; i++) {
			this.records[i] = null;
		}
		this.trimmedCount += first - this.head;
		this.head = first;
		if (this.head > 64 && this.head * 2 > this.tail) {
			compact();
		}
	}

	private void compact() {
		if (this.head == 0) {
			return;
		}
		int count = this.tail - this.head;
		System.arraycopy(this.records, this.head, this.records, 0, count);
		Arrays.fill(this.records, count, this.tail, null);
		this.head = 0;
		this.tail = count;
	}

	/** Index (into the retained records) of the first record with a sequence number above {@code sequence}. */
	int indexAfter(long sequence) {
		int low = this.head;
		int high = this.tail;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (this.records[mid].sequence() <= sequence) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low - this.head;
	}

	/** Up to {@code limit} wire records after {@code sequence}, stopping before {@code maxBytes} is exceeded. */
	List<Map<String, Object>> read(long afterSequence, int limit, int maxBytes, long[] lastRead) {
		int from = this.head + indexAfter(afterSequence);
		int to = (int) Math.min(this.tail, (long) from + limit);
		List<Map<String, Object>> out = new ArrayList<>(to - from);
		long bytes = 0;
		for (int i = from; i < to; i++) {
			StreamRecord record = this.records[i];
			bytes += record.sizeBytes();
			if (bytes > maxBytes && !out.isEmpty()) {
				break;
			}
			out.add(record.wire());
			lastRead[0] = record.sequence();
		}
		return out;
	}

	/** Whether records after {@code sequence} exist. */
	boolean hasRecordsAfter(long sequence) {
		return this.tail > this.head && this.records[this.tail - 1].sequence() > sequence;
	}
}
