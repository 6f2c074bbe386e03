package dev.todostreams.stream;

import java.time.Duration;

/**
 * Remembers which (eventId, handlerId) pairs have taken effect. A handler runs only under a claim; a claim that is
 * not completed within its timeout (the worker died) may be taken over by another worker.
 */
public interface IdempotencyStore {

	Claim claim(String eventId, String handlerId, String owner, Duration claimTimeout);

	/** Records that the effect happened (or the change was dead-lettered); later claims answer COMPLETED. */
	void complete(String eventId, String handlerId, String owner);

	/** Gives up a claim after a failure so the next attempt can claim again at once. */
	void release(String eventId, String handlerId, String owner);

	enum Claim {

		/** The caller may run the handler now. */
		ACQUIRED,
		/** The effect already happened: skip. */
		COMPLETED,
		/** Another worker is running the handler right now. */
		HELD_ELSEWHERE

	}

}
