package dev.todostreams.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers which (eventId, handlerId) pairs have taken effect. A handler runs only under a claim. A claim that is
 * not completed within its timeout (the worker died) may be taken over by anyone; a <em>fenced</em> claim takes over
 * any unfinished claim at once: only the shard's current lease holder asks for one, once the previous holder can no
 * longer be inside a handler (see {@code ChangeProcessor}).
 */
public interface IdempotencyStore {

	default Claim claim(String eventId, String handlerId, String owner, Duration claimTimeout) {
		return claim(eventId, handlerId, owner, claimTimeout, false);
	}

	/**
	 * @param takeOver also take an unexpired claim of another owner (never a completed pair)
	 */
	Claim claim(String eventId, String handlerId, String owner, Duration claimTimeout, boolean takeOver);

	/** Records that the effect happened (or the change was dead-lettered); later claims answer COMPLETED. */
	void complete(String eventId, String handlerId, String owner);

	/** Gives up a claim after a failure so the next attempt can claim again at once. */
	void release(String eventId, String handlerId, String owner);

	/**
	 * Claims many pairs at once (a store may do it in a few round trips). Pairs it cannot decide in bulk it decides
	 * one by one, so every key gets an answer.
	 */
	default Map<Key, Claim> claimAll(List<Key> keys, String owner, Duration claimTimeout) {
		return claimAll(keys, owner, claimTimeout, false);
	}

	default Map<Key, Claim> claimAll(List<Key> keys, String owner, Duration claimTimeout, boolean takeOver) {
		Map<Key, Claim> result = new LinkedHashMap<>();
		for (Key key : keys) {
			result.put(key, claim(key.eventId(), key.handlerId(), owner, claimTimeout, takeOver));
		}
		return result;
	}

	/** Marks many pairs done at once. */
	default void completeAll(List<Key> keys, String owner) {
		for (Key key : keys) {
			complete(key.eventId(), key.handlerId(), owner);
		}
	}

	/** One (eventId, handlerId) pair. */
	record Key(String eventId, String handlerId) {
	}

	enum Claim {

		/** The caller may run the handler now. */
		ACQUIRED,
		/** The effect already happened: skip. */
		COMPLETED,
		/** Another worker is running the handler right now. */
		HELD_ELSEWHERE

	}

}
