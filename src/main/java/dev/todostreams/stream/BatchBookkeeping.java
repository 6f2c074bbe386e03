package dev.todostreams.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Idempotency bookkeeping of one slice of a batch: claims every accepted (change, listener) pair up front in bulk, collects
 * the pairs whose effect happened and records them in bulk before the checkpoint, and releases claims it did not
 * use so the shard's next owner need not wait for them to expire.
 */
@Slf4j
final class BatchBookkeeping {

	private final IdempotencyStore idempotency;

	private final String owner;

	private final Map<IdempotencyStore.Key, IdempotencyStore.Claim> claims = new HashMap<>();

	private final List<IdempotencyStore.Key> completed = new ArrayList<>();

	BatchBookkeeping(IdempotencyStore idempotency, String owner) {
		this.idempotency = idempotency;
		this.owner = owner;
	}

	void claimAll(List<Record> records, List<ItemChangeListener> listeners, Duration claimTimeout, boolean takeOver) {
		List<IdempotencyStore.Key> keys = new ArrayList<>();
		for (Record record : records) {
			ItemChange change;
			try {
				change = ItemChanges.from(record);
			}
			catch (RuntimeException ex) {
				continue;
			}
			for (ItemChangeListener listener : listeners) {
				try {
					if (listener.accepts(change)) {
						keys.add(new IdempotencyStore.Key(change.eventId(), listener.id()));
					}
				}
				catch (RuntimeException ex) {
					// decided (and dead-lettered if need be) when the record's turn comes
				}
			}
		}
		if (keys.isEmpty()) {
			return;
		}
		try {
			this.claims.putAll(this.idempotency.claimAll(keys, this.owner, claimTimeout, takeOver));
		}
		catch (RuntimeException ex) {
			// no bulk claims: every pair is claimed on its own when its turn comes
			log.warn("Bulk claim of {} pairs failed: {}", keys.size(), ex.toString());
		}
	}

	/** The bulk claim of a pair, used once; null when there is none (claim it on its own). */
	IdempotencyStore.@Nullable Claim takeClaim(IdempotencyStore.Key key) {
		return this.claims.remove(key);
	}

	/** The bulk claim of a pair without using it up; null when there is none. */
	IdempotencyStore.@Nullable Claim peekClaim(IdempotencyStore.Key key) {
		return this.claims.get(key);
	}

	/** Gives back an acquired claim that was taken but not used (a bulk call failed): it is still ours. */
	void restore(IdempotencyStore.Key key) {
		this.claims.put(key, IdempotencyStore.Claim.ACQUIRED);
	}

	void completed(IdempotencyStore.Key key) {
		this.completed.add(key);
	}

	/**
	 * Records the effects that happened, retrying while the lease is held (three tries once it is gone: the effects
	 * happened all the same, and the next owner should skip them).
	 * @param pause waits before a retry; false when interrupted
	 * @return false when the completions could not be recorded
	 */
	boolean recordCompletions(ShardLease lease, BooleanSupplier pause) {
		if (this.completed.isEmpty()) {
			return true;
		}
		for (int attempt = 1;; attempt++) {
			try {
				this.idempotency.completeAll(this.completed, this.owner);
				this.completed.clear();
				return true;
			}
			catch (RuntimeException ex) {
				log.warn("Could not record {} completed effects (attempt {}): {}", this.completed.size(), attempt,
						ex.toString());
				if ((!lease.held() && attempt >= 3) || !pause.getAsBoolean()) {
					return false;
				}
			}
		}
	}

	void releaseUnused() {
		this.claims.forEach((key, claim) -> {
			if (claim == IdempotencyStore.Claim.ACQUIRED) {
				try {
					this.idempotency.release(key.eventId(), key.handlerId(), this.owner);
				}
				catch (RuntimeException ex) {
					log.debug("Could not release claim {}: {}", key, ex.toString());
				}
			}
		});
		this.claims.clear();
	}

}
