package dev.todostreams.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An idempotency store in one JVM's memory, for tests and single-instance demos. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryIdempotencyStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Claim claim(String eventId, String handlerId, String owner, Duration claimTimeout, boolean takeOver) {
		Instant now = this.clock.instant();
		Claim[] result = new Claim[1];
		this.entries.compute(key(eventId, handlerId), (key, entry) -> {
			if (entry == null
					|| (!entry.done() && (takeOver || entry.owner().equals(owner) || entry.until().isBefore(now)))) {
				result[0] = Claim.ACQUIRED;
				return new Entry(owner, false, now.plus(claimTimeout));
			}
			result[0] = entry.done() ? Claim.COMPLETED : Claim.HELD_ELSEWHERE;
			return entry;
		});
		return result[0];
	}

	@Override
	public void complete(String eventId, String handlerId, String owner) {
		this.entries.put(key(eventId, handlerId), new Entry(owner, true, Instant.MAX));
	}

	@Override
	public void release(String eventId, String handlerId, String owner) {
		this.entries.computeIfPresent(key(eventId, handlerId),
				(key, entry) -> (!entry.done() && entry.owner().equals(owner)) ? null : entry);
	}

	public boolean isCompleted(String eventId, String handlerId) {
		Entry entry = this.entries.get(key(eventId, handlerId));
		return entry != null && entry.done();
	}

	private static String key(String eventId, String handlerId) {
		return eventId + ":" + handlerId;
	}

	private record Entry(String owner, boolean done, Instant until) {
	}

}
