package dev.todostreams.stream.kcl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Watches the lease table to learn when the earlier holder of a shard lost it, so that a new holder need not wait
 * {@code handler-timeout} from its own take-over when the earlier holder has been gone for long (a crash).
 * <p>
 * For every lease owned by another worker it keeps the owner and lease counter, when that pair was first seen (after
 * the read: the renewal that wrote it happened before) and last seen (before the read). A holder renews by raising
 * the counter; KCL hands a lease to another worker only after its counter stood still for {@code failover-time}, and
 * the old holder counts its lease as lost {@code failover-time} after its last renewal. So if this worker read the
 * old holder's counter less than {@code failover-time} before its own term began, that counter was the old holder's
 * last, and the old holder started no handler on the shard after (first seen + {@code failover-time}).
 */
@Slf4j
final class LeaseWatch {

	private final Supplier<List<Observed>> leases;

	private final String workerId;

	private final Duration failover;

	private final Map<String, Seen> foreign = new ConcurrentHashMap<>();

	LeaseWatch(Supplier<List<Observed>> leases, String workerId, Duration failover) {
		this.leases = leases;
		this.workerId = workerId;
		this.failover = failover;
	}

	/** Reads the lease table once (consistently) and notes the other workers' counters. */
	void scan() {
		Instant before = Instant.now();
		List<Observed> all;
		try {
			all = this.leases.get();
		}
		catch (RuntimeException ex) {
			log.debug("Lease watch could not read the lease table: {}", ex.toString());
			return;
		}
		Instant after = Instant.now();
		for (Observed lease : all) {
			String owner = lease.owner();
			if (owner == null || owner.equals(this.workerId)) {
				continue;
			}
			this.foreign.compute(lease.key(), (key, seen) -> (seen != null && seen.owner().equals(owner)
					&& seen.counter() == lease.counter()) ? new Seen(owner, seen.counter(), seen.firstSeen(), before)
							: new Seen(owner, lease.counter(), after, before));
		}
	}

	/**
	 * The time by which every earlier holder of the shard had lost its lease in its own view, or null when this watch
	 * cannot tell (it did not read the lease recently enough before {@code termStarted}).
	 */
	@Nullable Instant earlierHoldersLostBy(String shardId, Instant termStarted) {
		Seen seen = this.foreign.get(shardId);
		if (seen == null) {
			for (Map.Entry<String, Seen> entry : this.foreign.entrySet()) {
				// multi-stream lease keys end with the shard id
				if (entry.getKey().endsWith(":" + shardId)) {
					seen = entry.getValue();
				}
			}
		}
		if (seen == null || !seen.lastSeen().isAfter(termStarted.minus(this.failover))) {
			return null;
		}
		return seen.firstSeen().plus(this.failover);
	}

	/** One lease as read from the lease table (a strongly consistent read). */
	record Observed(String key, @Nullable String owner, long counter) {
	}

	private record Seen(String owner, long counter, Instant firstSeen, Instant lastSeen) {
	}

}
