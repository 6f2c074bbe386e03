package dev.todostreams.stream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Handles the records of one shard batch in order and decides how far the shard may be checkpointed.
 * <ul>
 * <li>Records are handled one after another, so changes of one item never overtake each other.</li>
 * <li>Each listener runs under an idempotency claim: an effect happens once per (eventId, listener id).</li>
 * <li>A failing listener is retried with backoff, then dead-lettered (unless retrying forever); an
 * {@link UnprocessableChangeException} is dead-lettered at once.</li>
 * <li>The checkpoint never passes a record whose listeners have not succeeded or been dead-lettered. Failures of
 * our own stores are retried until they work or the lease is gone: a batch is never half-skipped.</li>
 * <li>Lease lost: stop at once, checkpoint nothing.</li>
 * </ul>
 */
@Slf4j
public final class ChangeProcessor {

	private static final int MAX_ERROR_CHARS = 4000;

	private final ItemChangeListeners listeners;

	private final IdempotencyStore idempotency;

	private final DeadLetterStore deadLetters;

	private final RetryPolicy retry;

	private final Duration claimTimeout;

	private final ChangeProcessingObserver observer;

	private final Sleeper sleeper;

	private final Clock clock;

	private final String owner;

	public ChangeProcessor(ItemChangeListeners listeners, IdempotencyStore idempotency, DeadLetterStore deadLetters,
			RetryPolicy retry, Duration claimTimeout, ChangeProcessingObserver observer, Sleeper sleeper, Clock clock,
			String owner) {
		this.listeners = listeners;
		this.idempotency = idempotency;
		this.deadLetters = deadLetters;
		this.retry = retry;
		this.claimTimeout = claimTimeout;
		this.observer = observer;
		this.sleeper = sleeper;
		this.clock = clock;
		this.owner = owner;
	}

	/**
	 * Processes a batch and checkpoints the last record that is done.
	 * @return how the batch ended
	 */
	public Outcome process(String shardId, List<Record> records, Checkpointer checkpointer, ShardLease lease) {
		BatchBookkeeping batch = new BatchBookkeeping(this.idempotency, this.owner);
		batch.claimAll(records, this.listeners.all(), this.claimTimeout);
		String done = null;
		Outcome outcome = Outcome.COMPLETED;
		for (Record record : records) {
			if (!lease.held()) {
				outcome = Outcome.LEASE_LOST;
				break;
			}
			if (lease.stopRequested()) {
				outcome = Outcome.STOPPED;
				break;
			}
			if (!processRecord(shardId, record, lease, batch)) {
				outcome = lease.held() ? Outcome.STOPPED : Outcome.LEASE_LOST;
				break;
			}
			done = sequenceNumberOf(record);
		}
		// effects that happened are recorded even when the lease is gone, so the next owner skips them
		if (!batch.recordCompletions(lease, () -> pause(this.retry.backoff(1))) || outcome == Outcome.LEASE_LOST) {
			batch.releaseUnused();
			log.info("Lease on {} lost; leaving the batch without checkpoint", shardId);
			return Outcome.LEASE_LOST;
		}
		batch.releaseUnused();
		if (done != null) {
			checkpoint(shardId, done, checkpointer);
		}
		return outcome;
	}

	/**
	 * Runs one listener once more for a dead letter, outside the stream. On success the dead letter is removed and
	 * the effect is recorded as done; on failure the dead letter stays and the error is thrown.
	 */
	public void replay(DeadLetter deadLetter) throws Exception {
		ItemChange change = deadLetter.change();
		if (change == null) {
			throw new IllegalStateException("dead letter " + deadLetter.id() + " has no decodable change to replay");
		}
		ItemChangeListener listener = this.listeners.find(deadLetter.handlerId())
			.orElseThrow(() -> new IllegalStateException("no listener with id '" + deadLetter.handlerId() + "'"));
		long started = System.nanoTime();
		listener.onChange(change);
		this.observer.handlerSucceeded(listener.id(), change, Duration.ofNanos(System.nanoTime() - started));
		this.idempotency.complete(change.eventId(), listener.id(), this.owner);
		this.deadLetters.delete(deadLetter.id());
		log.info("Replayed dead letter {} through {}", deadLetter.id(), listener.id());
	}

	private boolean processRecord(String shardId, Record record, ShardLease lease, BatchBookkeeping batch) {
		ItemChange change;
		try {
			change = ItemChanges.from(record);
		}
		catch (UnprocessableChangeException ex) {
			String eventId = (record.eventID() != null) ? record.eventID() : "seq-" + sequenceNumberOf(record);
			return deadLetter(new DeadLetter(DeadLetter.idOf(eventId, DeadLetter.DECODER), eventId, DeadLetter.DECODER,
					shardId, sequenceNumberOf(record), null, ex.getMessage(), null, 1, this.clock.instant()), lease);
		}
		for (ItemChangeListener listener : this.listeners.all()) {
			if (!handle(shardId, change, listener, lease, batch)) {
				return false;
			}
		}
		this.observer.changeProcessed(shardId, change);
		return true;
	}

	/** @return true when the listener is done with the change (succeeded, skipped or dead-lettered) */
	private boolean handle(String shardId, ItemChange change, ItemChangeListener listener, ShardLease lease,
			BatchBookkeeping batch) {
		int failures = 0;
		Exception lastError = null;
		while (true) {
			if (!lease.held() || (failures > 0 && lease.stopRequested())) {
				return false;
			}
			if (failures > 0 && this.retry.exhausted(failures)) {
				return deadLetter(shardId, change, listener, describe(lastError), lastError, failures, lease);
			}
			Attempt attempt;
			try {
				attempt = attempt(change, listener, batch);
			}
			catch (RuntimeException ex) {
				// our own bookkeeping failed (idempotency store); that is not the handler's fault
				log.warn("Idempotency store failed for {} / {}: {}", change.eventId(), listener.id(), ex.toString());
				if (!pause(this.retry.backoff(1))) {
					return false;
				}
				continue;
			}
			switch (attempt.result()) {
				case DONE:
					return true;
				case UNPROCESSABLE:
					return deadLetter(shardId, change, listener, describe(attempt.error()), null, failures + 1, lease);
				case BUSY:
					if (!pause(this.retry.backoff(1))) {
						return false;
					}
					continue;
				default:
					failures++;
					lastError = attempt.error();
					this.observer.handlerFailed(listener.id(), change, lastError, failures);
					log.warn("Handler {} failed on {} (attempt {}): {}", listener.id(), change.eventId(), failures,
							String.valueOf(lastError));
					if (!this.retry.exhausted(failures) && !pause(this.retry.backoff(failures))) {
						return false;
					}
			}
		}
	}

	private Attempt attempt(ItemChange change, ItemChangeListener listener, BatchBookkeeping batch) {
		try {
			if (!listener.accepts(change)) {
				return Attempt.DONE;
			}
		}
		catch (UnprocessableChangeException ex) {
			return new Attempt(Result.UNPROCESSABLE, ex);
		}
		catch (RuntimeException ex) {
			return new Attempt(Result.FAILED, ex);
		}
		IdempotencyStore.Key key = new IdempotencyStore.Key(change.eventId(), listener.id());
		// a claim from the batch's bulk claim is used once; after a failure the pair is claimed again on its own
		IdempotencyStore.Claim claim = batch.takeClaim(key);
		if (claim == null) {
			claim = this.idempotency.claim(change.eventId(), listener.id(), this.owner, this.claimTimeout);
		}
		if (claim == IdempotencyStore.Claim.COMPLETED) {
			this.observer.duplicateSkipped(listener.id(), change);
			log.debug("Skipping {} for {}: already done", change.eventId(), listener.id());
			return Attempt.DONE;
		}
		if (claim == IdempotencyStore.Claim.HELD_ELSEWHERE) {
			return Attempt.BUSY;
		}
		long started = System.nanoTime();
		try {
			listener.onChange(change);
		}
		catch (UnprocessableChangeException ex) {
			return new Attempt(Result.UNPROCESSABLE, ex);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.idempotency.release(change.eventId(), listener.id(), this.owner);
			return new Attempt(Result.FAILED, ex);
		}
		this.observer.handlerSucceeded(listener.id(), change, Duration.ofNanos(System.nanoTime() - started));
		batch.completed(key);
		return Attempt.DONE;
	}

	private boolean deadLetter(String shardId, ItemChange change, ItemChangeListener listener, String reason,
			@Nullable Throwable error, int attempts, ShardLease lease) {
		DeadLetter deadLetter = new DeadLetter(DeadLetter.idOf(change.eventId(), listener.id()), change.eventId(),
				listener.id(), shardId, change.sequenceNumber(), change, reason, stackTrace(error), attempts,
				this.clock.instant());
		if (!deadLetter(deadLetter, lease)) {
			return false;
		}
		// the dead letter is the effect now: a redelivery must not run the handler again
		while (true) {
			try {
				this.idempotency.complete(change.eventId(), listener.id(), this.owner);
				return true;
			}
			catch (RuntimeException ex) {
				log.warn("Could not mark dead-lettered {} as done: {}", deadLetter.id(), ex.toString());
				if (!lease.held() || !pause(this.retry.backoff(1))) {
					return false;
				}
			}
		}
	}

	private boolean deadLetter(DeadLetter deadLetter, ShardLease lease) {
		while (true) {
			try {
				this.deadLetters.put(deadLetter);
				log.warn("Dead-lettered {} (handler {}, shard {}, sequence {}): {}", deadLetter.eventId(),
						deadLetter.handlerId(), deadLetter.shardId(), deadLetter.sequenceNumber(), deadLetter.reason());
				this.observer.deadLettered(deadLetter);
				return true;
			}
			catch (RuntimeException ex) {
				log.error("Could not write dead letter {}; retrying: {}", deadLetter.id(), ex.toString());
				if (!lease.held() || !pause(this.retry.backoff(1))) {
					return false;
				}
			}
		}
	}

	private void checkpoint(String shardId, String sequenceNumber, Checkpointer checkpointer) {
		try {
			checkpointer.checkpoint(sequenceNumber);
			this.observer.checkpointed(shardId, sequenceNumber);
		}
		catch (Exception ex) {
			// not fatal: the records are done, the next batch checkpoints further; a redelivery is deduplicated
			log.warn("Checkpoint of {} at {} failed: {}", shardId, sequenceNumber, ex.toString());
		}
	}

	private boolean pause(Duration duration) {
		try {
			this.sleeper.sleep(duration);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String sequenceNumberOf(Record record) {
		return Optional.ofNullable(record.dynamodb()).map((d) -> d.sequenceNumber()).orElse("");
	}

	private static String describe(@Nullable Throwable error) {
		if (error == null) {
			return "unknown error";
		}
		return (error.getMessage() != null) ? error.getClass().getSimpleName() + ": " + error.getMessage()
				: error.getClass().getSimpleName();
	}

	private static @Nullable String stackTrace(@Nullable Throwable error) {
		if (error == null) {
			return null;
		}
		StringWriter out = new StringWriter();
		error.printStackTrace(new PrintWriter(out));
		String text = out.toString();
		return (text.length() > MAX_ERROR_CHARS) ? text.substring(0, MAX_ERROR_CHARS) : text;
	}

	/** How a batch ended. */
	public enum Outcome {

		/** Every record is done and checkpointed. */
		COMPLETED,
		/** Shutdown was requested (or the thread interrupted): finished records are checkpointed. */
		STOPPED,
		/** The lease was lost: nothing checkpointed. */
		LEASE_LOST

	}

	private enum Result {

		DONE, FAILED, UNPROCESSABLE, BUSY

	}

	private record Attempt(Result result, @Nullable Exception error) {

		static final Attempt DONE = new Attempt(Result.DONE, null);

		static final Attempt BUSY = new Attempt(Result.BUSY, null);

	}

}
