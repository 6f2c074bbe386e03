package dev.todostreams.stream;

/**
 * Receives item changes from the stream. Return means handled; throw means not handled, and the change is retried
 * and finally dead-lettered ({@link UnprocessableChangeException} dead-letters at once). Effects happen once per
 * (eventId, {@link #id()}), so the id must stay stable across releases.
 */
public interface ItemChangeListener {

	/** Stable identity of this handler, part of the idempotency key and of dead letters. */
	String id();

	/** Cheap filter evaluated before any idempotency bookkeeping; a change not accepted is skipped. */
	default boolean accepts(ItemChange change) {
		return true;
	}

	void onChange(ItemChange change) throws Exception;

}
