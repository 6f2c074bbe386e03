package dev.todostreams.stream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Handles the records of one shard batch in order and decides how far the shard may be checkpointed.
 * <ul>
 * <li>A batch is handled in slices of up to {@value #SLICE} records: per slice the (change, listener) pairs are
 * claimed in bulk, the listeners run one after another over the slice (each over its records in stream order, so
 * changes of one item never overtake each other; a {@link BulkItemChangeListener} gets runs of claimed changes in
 * one call), completions are recorded in bulk and the slice's last record is checkpointed
 * (docs/STREAM-CONSUMER.md, "Slices and bulk listeners").</li>
 * <li>Each listener runs under an idempotency claim: an effect happens once per (eventId, listener id).</li>
 * <li>A failing listener is retried with backoff, then dead-lettered (unless retrying forever); an
 * {@link UnprocessableChangeException} is dead-lettered at once.</li>
 * <li>The checkpoint never passes a record whose listeners have not succeeded or been dead-lettered. Failures of
 * our own stores are retried until they work or the lease is gone: a batch is never half-skipped.</li>
 * <li>Lease lost: stop at once, checkpoint nothing.</li>
 * <li>Fenced claims: a handler attempt runs at most {@code handlerTimeout} (then it is interrupted and counts as
 * failed), and a worker starts one only while it holds the shard's lease. So once this worker has held the lease
 * for {@code handlerTimeout}, no earlier holder can still be inside a handler of this shard, and this worker takes
 * their unfinished claims over at once instead of waiting for them to expire. A worker's own claims (same worker
 * id, e.g. after a restart) are its own at once.</li>
 * </ul>
 */
@Slf4j
public final class ChangeProcessor {

	private static final int MAX_ERROR_CHARS = 4000;

	/** Records per slice: claimed together, handed to bulk listeners together, checkpointed together. */
	static final int SLICE = 100;

	private final ItemChangeListeners listeners;

	private final IdempotencyStore idempotency;

	private final DeadLetterStore deadLetters;

	private final RetryPolicy retry;

	private final Duration claimTimeout;

	private final Duration handlerTimeout;

	private final ChangeProcessingObserver observer;

	private final Sleeper sleeper;

	private final Clock clock;

	private final String owner;

	public ChangeProcessor(ItemChangeListeners listeners, IdempotencyStore idempotency, DeadLetterStore deadLetters,
			RetryPolicy retry, Duration claimTimeout, ChangeProcessingObserver observer, Sleeper sleeper, Clock clock,
			String owner) {
		this(listeners, idempotency, deadLetters, retry, claimTimeout, claimTimeout, observer, sleeper, clock, owner);
	}

	/**
	 * @param claimTimeout backstop expiry of a claim (anyone may take an expired claim)
	 * @param handlerTimeout the longest a handler attempt runs; also how long a new lease holder waits before it
	 * takes over the claims of earlier holders
	 */
	public ChangeProcessor(ItemChangeListeners listeners, IdempotencyStore idempotency, DeadLetterStore deadLetters,
			RetryPolicy retry, Duration claimTimeout, Duration handlerTimeout, ChangeProcessingObserver observer,
			Sleeper sleeper, Clock clock, String owner) {
		this.listeners = listeners;
		this.idempotency = idempotency;
		this.deadLetters = deadLetters;
		this.retry = retry;
		this.claimTimeout = claimTimeout;
		this.handlerTimeout = handlerTimeout;
		this.observer = observer;
		this.sleeper = sleeper;
		this.clock = clock;
		this.owner = owner;
	}

	/** This worker starts on a shard (a new lease term); tells the observers. */
	public void shardStarted(String shardId) {
		this.observer.shardStarted(shardId);
	}

	/**
	 * Processes a batch slice by slice and checkpoints after each slice the last record that is done.
	 * @return how the batch ended
	 */
	public Outcome process(String shardId, List<Record> records, Checkpointer checkpointer, ShardLease lease) {
		Outcome outcome = Outcome.COMPLETED;
		for (int from = 0; from < records.size() && outcome == Outcome.COMPLETED; from += SLICE) {
			outcome = processSlice(shardId, records.subList(from, Math.min(records.size(), from + SLICE)),
					checkpointer, lease);
		}
		return outcome;
	}

	/**
	 * One slice: claims its pairs in bulk, runs the listeners one after another over the slice (each listener over
	 * the records in stream order; a {@link BulkItemChangeListener} gets runs of claimed changes in one call), records
	 * the completions in bulk and checkpoints the slice's last record once every listener is done with it.
	 */
	private Outcome processSlice(String shardId, List<Record> records, Checkpointer checkpointer, ShardLease lease) {
		if (!lease.held()) {
			return Outcome.LEASE_LOST;
		}
		if (lease.stopRequested()) {
			return Outcome.STOPPED;
		}
		long started = System.nanoTime();
		BatchBookkeeping batch = new BatchBookkeeping(this.idempotency, this.owner);
		batch.claimAll(records, this.listeners.all(), this.claimTimeout, mayTakeOver(lease));
		long claimed = System.nanoTime();
		Outcome outcome = Outcome.COMPLETED;
		List<@Nullable ItemChange> changes = new ArrayList<>(records.size());
		for (Record record : records) {
			ItemChange change;
			try {
				change = ItemChanges.from(record);
			}
			catch (UnprocessableChangeException ex) {
				change = null;
				String eventId = (record.eventID() != null) ? record.eventID() : "seq-" + sequenceNumberOf(record);
				if (!deadLetter(new DeadLetter(DeadLetter.idOf(eventId, DeadLetter.DECODER), eventId,
						DeadLetter.DECODER, shardId, sequenceNumberOf(record), null, ex.getMessage(), null, 1,
						this.clock.instant()), lease)) {
					outcome = lease.held() ? Outcome.STOPPED : Outcome.LEASE_LOST;
					break;
				}
			}
			changes.add(change);
		}
		// records[0..done) are done by every listener so far
		int done = (outcome == Outcome.COMPLETED) ? records.size() : 0;
		List<ItemChangeListener> all = this.listeners.all();
		for (ItemChangeListener listener : all) {
			if (outcome != Outcome.COMPLETED) {
				break;
			}
			int reached = runListener(shardId, listener, changes, lease, batch);
			if (reached < changes.size()) {
				outcome = !lease.held() ? Outcome.LEASE_LOST : Outcome.STOPPED;
				// the later listeners have not run for any record of the slice
				done = (listener == all.get(all.size() - 1)) ? reached : 0;
			}
		}
		long handled = System.nanoTime();
		// effects that happened are recorded even when the lease is gone, so the next owner skips them
		if (!batch.recordCompletions(lease, () -> pause(this.retry.backoff(1))) || outcome == Outcome.LEASE_LOST) {
			batch.releaseUnused();
			log.info("Lease on {} lost; leaving the batch without checkpoint", shardId);
			return Outcome.LEASE_LOST;
		}
		batch.releaseUnused();
		long recorded = System.nanoTime();
		for (int i = 0; i < done; i++) {
			ItemChange change = changes.get(i);
			if (change != null) {
				this.observer.changeProcessed(shardId, change);
			}
		}
		if (done > 0) {
			checkpoint(shardId, sequenceNumberOf(records.get(done - 1)), checkpointer);
		}
		if (log.isDebugEnabled()) {
			log.debug("Slice of {} records on {} in {} ms: claims {} ms, listeners {} ms, completions {} ms, "
					+ "checkpoint {} ms", records.size(), shardId, millis(System.nanoTime() - started),
					millis(claimed - started), millis(handled - claimed), millis(recorded - handled),
					millis(System.nanoTime() - recorded));
		}
		return outcome;
	}

	/**
	 * Runs one listener over the slice's changes in order.
	 * @return how many changes (from the start) the listener is done with; fewer than all when the lease was lost
	 * or a stop was requested
	 */
	private int runListener(String shardId, ItemChangeListener listener, List<@Nullable ItemChange> changes,
			ShardLease lease, BatchBookkeeping batch) {
		int i = 0;
		int bulkFailedUntil = 0;
		while (i < changes.size()) {
			if (!lease.held() || lease.stopRequested()) {
				return i;
			}
			ItemChange change = changes.get(i);
			if (change == null) {
				i++; // undecodable: dead-lettered once for all listeners
				continue;
			}
			if (listener instanceof BulkItemChangeListener bulk && i >= bulkFailedUntil) {
				int end = bulkRun(bulk, changes, i, lease, batch);
				if (end > i) {
					i = end;
					continue;
				}
				if (end < 0) {
					// the bulk call failed: the same changes one by one, with the usual retries and dead letters
					bulkFailedUntil = -end;
				}
			}
			if (!handle(shardId, change, listener, lease, batch)) {
				return i;
			}
			i++;
		}
		return i;
	}

	/**
	 * Hands the longest run of changes from {@code from} that need no decision of their own (accepted and claimed
	 * in bulk by this worker, or not accepted, or done already) to the listener in one call. The run stops at the
	 * first change whose claim is missing or held elsewhere, so no change overtakes an earlier one of this listener.
	 * @return the index after the run when it is done; {@code from} when there is no run; minus the index after the
	 * run when the bulk call failed (its claims are given back, so the changes can be handled one by one)
	 */
	private int bulkRun(BulkItemChangeListener listener, List<@Nullable ItemChange> changes, int from,
			ShardLease lease, BatchBookkeeping batch) {
		List<ItemChange> run = new ArrayList<>();
		List<ItemChange> skipped = new ArrayList<>();
		int end = from;
		for (; end < changes.size(); end++) {
			ItemChange change = changes.get(end);
			if (change == null) {
				continue;
			}
			boolean accepted;
			try {
				accepted = listener.accepts(change);
			}
			catch (RuntimeException ex) {
				break; // decided on its own (dead letter or retry)
			}
			if (!accepted) {
				continue;
			}
			IdempotencyStore.Claim claim = batch.peekClaim(new IdempotencyStore.Key(change.eventId(), listener.id()));
			if (claim == IdempotencyStore.Claim.ACQUIRED) {
				run.add(change);
			}
			else if (claim == IdempotencyStore.Claim.COMPLETED) {
				skipped.add(change);
			}
			else {
				break;
			}
		}
		if (end == from) {
			return from;
		}
		for (ItemChange change : skipped) {
			batch.takeClaim(new IdempotencyStore.Key(change.eventId(), listener.id()));
			this.observer.duplicateSkipped(listener.id(), change);
		}
		if (run.isEmpty()) {
			return end;
		}
		for (ItemChange change : run) {
			batch.takeClaim(new IdempotencyStore.Key(change.eventId(), listener.id()));
		}
		long started = System.nanoTime();
		try {
			runBounded(listener.id(), run.size() + " changes from " + run.get(0).eventId(),
					() -> listener.onChanges(run));
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("Handler {} failed on {} changes at once ({}); handling them one by one", listener.id(),
					run.size(), ex.toString());
			run.forEach((change) -> batch.restore(new IdempotencyStore.Key(change.eventId(), listener.id())));
			return -end;
		}
		Duration each = Duration.ofNanos((System.nanoTime() - started) / run.size());
		for (ItemChange change : run) {
			this.observer.handlerSucceeded(listener.id(), change, each);
			batch.completed(new IdempotencyStore.Key(change.eventId(), listener.id()));
		}
		return end;
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
				attempt = attempt(change, listener, batch, lease);
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

	/**
	 * True once this worker has held the shard's lease for the handler timeout, or the earlier holders lost it at
	 * least the handler timeout ago: an earlier holder started its last handler attempt before it lost the lease,
	 * and that attempt ended (or was interrupted) by now.
	 */
	private boolean mayTakeOver(ShardLease lease) {
		Instant since = lease.heldSince();
		if (since == null) {
			return false;
		}
		Instant lostBy = lease.earlierHoldersLostBy();
		Instant from = (lostBy != null && lostBy.isBefore(since)) ? lostBy : since;
		return !this.clock.instant().isBefore(from.plus(this.handlerTimeout));
	}

	private Attempt attempt(ItemChange change, ItemChangeListener listener, BatchBookkeeping batch, ShardLease lease) {
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
		// a claim from the batch's bulk claim is used once; after a failure the pair is claimed again on its own.
		IdempotencyStore.Claim claim = batch.takeClaim(key);
		// a bulk claim held elsewhere is asked again at once: meanwhile the holder may have finished, or the fence
		// may allow the take-over; waiting a backoff per such pair cost seconds after every take-over
		if (claim == null || claim == IdempotencyStore.Claim.HELD_ELSEWHERE) {
			claim = this.idempotency.claim(change.eventId(), listener.id(), this.owner, this.claimTimeout,
					mayTakeOver(lease));
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
			runBounded(listener, change);
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

	/**
	 * Runs the listener on this thread; a watchdog interrupts it after the handler timeout. An attempt cut short
	 * that way fails with a {@link HandlerTimeoutException}, and the interrupt does not leak into what follows.
	 */
	private void runBounded(ItemChangeListener listener, ItemChange change) throws Exception {
		runBounded(listener.id(), change.eventId(), () -> listener.onChange(change));
	}

	private void runBounded(String handlerId, String what, HandlerCall call) throws Exception {
		Thread worker = Thread.currentThread();
		Watch watch = new Watch();
		ScheduledFuture<?> timer = WATCHDOG.schedule(() -> watch.fire(worker), this.handlerTimeout.toMillis(),
				TimeUnit.MILLISECONDS);
		long started = System.nanoTime();
		Exception failure = null;
		try {
			call.run();
		}
		catch (Exception ex) {
			failure = ex;
		}
		finally {
			timer.cancel(false);
		}
		if (watch.finish()) {
			long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			log.warn("Handler {} on {} ran {} ms, over todo.stream.handler-timeout {}; interrupted ({})", handlerId,
					what, millis, this.handlerTimeout,
					(failure != null) ? "it failed" : "it returned normally, so its effect counts as done");
			if (failure != null) {
				throw new HandlerTimeoutException(handlerId, this.handlerTimeout, failure);
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private interface HandlerCall {

		void run() throws Exception;

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

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
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

	private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "stream-handler-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	/** Interrupts the handler's thread at most once, and only while the handler still runs. */
	private static final class Watch {

		private boolean finished;

		private boolean fired;

		synchronized void fire(Thread worker) {
			if (!this.finished) {
				this.fired = true;
				worker.interrupt();
			}
		}

		/** @return true when the watchdog fired (its interrupt is cleared here) */
		synchronized boolean finish() {
			this.finished = true;
			if (this.fired) {
				Thread.interrupted();
			}
			return this.fired;
		}

	}

	/** A handler attempt ran over the handler timeout and was interrupted. */
	public static final class HandlerTimeoutException extends Exception {

		HandlerTimeoutException(String handlerId, Duration timeout, @Nullable Throwable cause) {
			super("handler " + handlerId + " ran over its timeout of " + timeout, cause);
		}

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
