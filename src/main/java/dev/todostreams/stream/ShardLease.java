package dev.todostreams.stream;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** What the processor may ask about the shard it is working on, between records and between retries. */
public interface ShardLease {

	/** False once this worker lost the shard: stop at once and checkpoint nothing. */
	boolean held();

	/** True when the worker is shutting down: finish the current record, checkpoint, stop. */
	boolean stopRequested();

	/**
	 * When this worker's current term on the shard began, or later (never earlier); null when unknown, which turns
	 * the fenced take-over of an earlier holder's claims off.
	 */
	default @Nullable Instant heldSince() {
		return null;
	}

	/**
	 * The time by which every earlier holder of the shard had lost its lease in its own view (so it started no
	 * handler after it), when known; null when unknown. Lets the fenced take-over start before
	 * {@code heldSince + handler-timeout} when the earlier holder has been gone for a while (a crash).
	 */
	default @Nullable Instant earlierHoldersLostBy() {
		return null;
	}

}
