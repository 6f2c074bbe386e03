package dev.todostreams.emulator.stream;

import java.util.Map;

/**
 * One stream record as kept in a shard: what reading and trimming need without looking into it, and its wire
 * form (unmodifiable). A record appended by a write keeps its {@link RecordDraft} (keys and images shared with
 * the table) until its wire form is first needed (read or journalled), then only the wire form; a record
 * replayed from the journal has its wire form from the start. Thread-safe: two readers may both build the
 * (equal) wire form.
 */
final class StreamRecord {

	private final long sequence;

	private final long timeMillis;

	private final int sizeBytes;

	/** The wire form ({@code Map}) or what builds it ({@link Pending}). */
	private volatile Object form;

	/** A record whose wire form is known (replay). */
	StreamRecord(long sequence, long timeMillis, int sizeBytes, Map<String, Object> wire) {
		this.sequence = sequence;
		this.timeMillis = timeMillis;
		this.sizeBytes = sizeBytes;
		this.form = wire;
	}

	/** A record whose wire form is built from {@code draft} when first needed. */
	StreamRecord(long sequence, long timeMillis, int sizeBytes, RecordDraft draft, String region, String viewType) {
		this.sequence = sequence;
		this.timeMillis = timeMillis;
		this.sizeBytes = sizeBytes;
		this.form = new Pending(draft, region, viewType);
	}

	long sequence() {
		return this.sequence;
	}

	long timeMillis() {
		return this.timeMillis;
	}

	int sizeBytes() {
		return this.sizeBytes;
	}

	/** The GetRecords wire form, built once. */
	@SuppressWarnings("unchecked")
	Map<String, Object> wire() {
		Object current = this.form;
		if (current instanceof Pending pending) {
			Map<String, Object> built = pending.draft.wire(this.sequence, this.timeMillis, pending.region,
					pending.viewType);
			this.form = built;
			return built;
		}
		return (Map<String, Object>) current;
	}

	private record Pending(RecordDraft draft, String region, String viewType) {
	}
}
