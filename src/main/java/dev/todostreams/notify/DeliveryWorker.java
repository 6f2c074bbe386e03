package dev.todostreams.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.todostreams.notify.DueQueue.Due;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Sends due outbox rows. Due rows come from an in-memory queue ({@link DueQueue}) fed by the outbox writer (so a new
 * row goes out at once) and refilled from the table's due index at start and every poll interval (rows of other
 * instances, rows left by a crash). Due rows run in {@link DeliveryLanes}: one lane per subscription with its own
 * concurrency limit, on a pool bounded overall, so one slow endpoint never holds up the others. The worker
 * schedules; an attempt itself (check, sign, send, classify) is a {@link WebhookCall}, and its outcome is recorded by
 * the {@link DeliveryRecorder} (row, subscription health, observers).
 */
@Slf4j
public class DeliveryWorker implements SmartLifecycle {

	private static final int REFILL_LIMIT = 10_000;

	/** Most pending rows of one subscription released at once when its endpoint answers again. */
	private static final int RELEASE_LIMIT = 10_000;

	private final DeliveryRepository deliveries;

	private final SubscriptionRepository subscriptions;

	private final WebhookCall call;

	private final DeliveryRecorder recorder;

	private final WebhookProperties properties;

	private final Clock clock;

	private final DueQueue queue;

	/** Set by {@link #refillSoon()}: the dispatcher reads the due index at its next turn instead of at the poll. */
	private volatile boolean refillRequested;

	/** Ids being sent right now; a row is never sent twice at once by this instance. */
	private final Set<String> sending = ConcurrentHashMap.newKeySet();

	private final DeliveryLanes lanes;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean running;

	private @Nullable Thread dispatcher;

	public DeliveryWorker(DeliveryRepository deliveries, SubscriptionRepository subscriptions, WebhookSender sender,
			TargetGuard guard, WebhookProperties properties, Clock clock) {
		this(deliveries, subscriptions, sender, guard, properties, clock, List.of());
	}

	public DeliveryWorker(DeliveryRepository deliveries, SubscriptionRepository subscriptions, WebhookSender sender,
			TargetGuard guard, WebhookProperties properties, Clock clock, List<DeliveryObserver> observers) {
		this.deliveries = deliveries;
		this.subscriptions = subscriptions;
		this.call = new WebhookCall(sender, guard, properties, clock);
		this.recorder = new DeliveryRecorder(deliveries,
				new SubscriptionHealth(subscriptions, properties.disableAfter()), observers);
		this.properties = properties;
		this.clock = clock;
		this.queue = new DueQueue(clock);
		this.lanes = new DeliveryLanes(properties.maxConcurrency(), properties.maxConcurrencyPerEndpoint(), this::send,
				(due) -> this.queue.release(due.deliveryId()));
	}

	/**
	 * Called by the outbox before it writes new rows: takes the ids of the rows this instance will send, so that a
	 * refill listing a new row at once cannot queue (and send) it a second time. Without a running worker nothing is
	 * taken; whichever instance delivers finds the rows in the due index.
	 * @return the ids taken, for {@link #written} or {@link #notWritten}
	 */
	public Set<String> expect(List<Delivery> rows) {
		Set<String> taken = new HashSet<>();
		if (this.running) {
			for (Delivery row : rows) {
				if (row.nextAttemptAt() != null && this.queue.take(row.id())) {
					taken.add(row.id());
				}
			}
		}
		return taken;
	}

	/**
	 * Called by the outbox after its write: queues the rows it wrote with the copies just written (sending them
	 * needs no second read) and tells the observers of them. A row that existed already (a replayed change, e.g.
	 * after another instance wrote it and died before sending it) is looked at now instead of at the next refill;
	 * it is sent only if it is still pending and due.
	 * @param inserted the ids of the rows the write created
	 * @param expected what {@link #expect} returned
	 */
	public void written(List<Delivery> rows, Set<String> inserted, Set<String> expected) {
		for (Delivery row : rows) {
			boolean isNew = inserted.contains(row.id());
			if (expected.contains(row.id())) {
				if (isNew) {
					this.queue.put(row, row.nextAttemptAt().toEpochMilli());
				}
				else {
					this.queue.put(row.id(), row.subscriptionId(), this.clock.millis());
				}
			}
			else if (!isNew) {
				schedule(row.id(), row.subscriptionId(), this.clock.instant());
			}
			if (isNew && this.recorder.observed()) {
				this.subscriptions.findCached(row.subscriptionId())
					.ifPresent((subscription) -> this.recorder.written(row, subscription));
			}
		}
	}

	/** Called by the outbox when its write failed: gives the ids taken by {@link #expect} back. */
	public void notWritten(Set<String> expected) {
		this.queue.releaseAll(expected);
	}

	/** Queues a pending row to be sent at {@code dueAt}; wakes the dispatcher when it is due now. */
	public void schedule(String deliveryId, String subscriptionId, Instant dueAt) {
		if (this.running) {
			this.queue.schedule(deliveryId, subscriptionId, dueAt.toEpochMilli());
		}
	}

	/**
	 * Queues a row that was just made due again (a redelivery), even if an entry for a later attempt is queued
	 * already; whichever entry comes first reads the row and the other finds nothing due.
	 */
	public void scheduleNow(String deliveryId, String subscriptionId, Instant dueAt) {
		if (this.running) {
			this.queue.take(deliveryId);
			this.queue.put(deliveryId, subscriptionId, dueAt.toEpochMilli());
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.lanes.start();
		Thread thread = new Thread(this::dispatch, "webhook-dispatcher");
		thread.setDaemon(true);
		this.dispatcher = thread;
		thread.start();
		log.info("Webhook delivery worker started (max {} in flight, {} per endpoint)",
				this.properties.maxConcurrency(), this.properties.maxConcurrencyPerEndpoint());
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		if (this.dispatcher != null) {
			this.dispatcher.interrupt();
		}
		this.lanes.stop(this.properties.timeout().plusSeconds(1));
		this.queue.clear();
		log.info("Webhook delivery worker stopped; unsent rows stay in the outbox");
	}

	@Override
	public boolean isAutoStartup() {
		return this.properties.deliveryEnabled();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts after the stream consumer's phase default, stops before it. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

	/** Deliveries being sent right now. */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Reads the due index now rather than at the next poll: called when this instance's stream consumer starts on a
	 * shard, which after a failover means outbox rows the earlier holder wrote but did not send are waiting (they
	 * would otherwise wait up to {@code todo.webhooks.poll-interval}).
	 */
	public void refillSoon() {
		if (this.running) {
			this.refillRequested = true;
			this.queue.wakeUp();
		}
	}

	/** Deliveries queued in this instance, waiting to be due or for a free slot in their lane. */
	public int queued() {
		return this.queue.size() + this.lanes.waiting();
	}

	private void dispatch() {
		long nextRefill = 0;
		while (this.running) {
			try {
				if (this.refillRequested || System.nanoTime() - nextRefill >= 0) {
					this.refillRequested = false;
					refill();
					nextRefill = System.nanoTime() + this.properties.pollInterval().toNanos();
				}
				Due due = this.queue.poll(this.properties.pollInterval().toMillis());
				if (due != null) {
					this.lanes.offer(due);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Webhook dispatcher could not read the outbox: {}", ex.toString());
				nextRefill = System.nanoTime() + this.properties.pollInterval().toNanos();
			}
		}
	}

	/**
	 * Queues the rows the due index lists. Only ids are kept, never the listed copies: the index is eventually
	 * consistent (a global secondary index) and may still list a row this instance delivered a moment ago, so the
	 * attempt reads the row itself, consistently, before sending it.
	 */
	private void refill() {
		Instant horizon = this.clock.instant().plus(this.properties.pollInterval());
		for (Delivery due : this.deliveries.dueBefore(horizon, REFILL_LIMIT)) {
			if (due.nextAttemptAt() != null) {
				schedule(due.id(), due.subscriptionId(), due.nextAttemptAt());
			}
		}
	}

	private void send(Due due) {
		if (!this.sending.add(due.deliveryId())) {
			// a second entry for a row being sent right now (a redelivery): look again once this attempt is over
			this.queue.put(due.deliveryId(), due.subscriptionId(),
					this.clock.millis() + this.properties.pollInterval().toMillis());
			return;
		}
		this.inFlight.incrementAndGet();
		boolean requeued = false;
		try {
			requeued = attempt(due);
		}
		catch (RuntimeException ex) {
			// the store failed: the row is still pending in the table and comes back with a refill
			log.warn("Webhook delivery {} could not be processed: {}", due.deliveryId(), ex.toString());
		}
		finally {
			this.inFlight.decrementAndGet();
			this.sending.remove(due.deliveryId());
			if (!requeued) {
				this.queue.release(due.deliveryId());
			}
		}
	}

	/** @return true when the delivery was queued again (for a later attempt) */
	private boolean attempt(Due due) {
		Optional<Delivery> found = (due.row() != null) ? Optional.of(due.row()) : this.deliveries.find(due.deliveryId());
		if (found.isEmpty() || found.get().state() != Delivery.State.PENDING) {
			return false;
		}
		Delivery delivery = found.get();
		Instant now = this.clock.instant();
		if (!due.early() && delivery.nextAttemptAt() != null && delivery.nextAttemptAt().isAfter(now)) {
			// rescheduled meanwhile (a redelivery or another instance's attempt)
			this.queue.put(delivery.id(), delivery.subscriptionId(), delivery.nextAttemptAt().toEpochMilli());
			return true;
		}
		Optional<Subscription> subscription = this.subscriptions.findCached(delivery.subscriptionId());
		if (subscription.isEmpty() || !subscription.get().enabled()) {
			this.recorder.refused(delivery, subscription.orElse(null), now);
			return false;
		}
		Subscription target = subscription.get();
		int attemptNumber = delivery.scheduleAttempts() + 1;
		WebhookCall.Outcome outcome = this.call.send(delivery, target, attemptNumber);
		boolean recorded = this.recorder.attempted(delivery, target, attemptNumber, outcome);
		if (!outcome.delivered()) {
			this.lanes.failed(target.id());
		}
		else if (this.lanes.succeeded(target.id(), target.failingSince())) {
			releasePending(target.id());
		}
		Instant next = outcome.nextAttemptAt();
		if (recorded && outcome.decision().state() == Delivery.State.PENDING && next != null) {
			this.queue.put(delivery.id(), delivery.subscriptionId(), next.toEpochMilli());
			return true;
		}
		return false;
	}

	/**
	 * The endpoint answered again after failures: its other pending deliveries, waiting for their next retry step
	 * (up to hours away), are queued now, oldest first; the lane sends them with its usual concurrency limit.
	 */
	private void releasePending(String subscriptionId) {
		List<Delivery> pending;
		try {
			pending = this.deliveries.pendingOf(subscriptionId, RELEASE_LIMIT);
		}
		catch (RuntimeException ex) {
			log.warn("Could not list the pending deliveries of subscription {}: {}", subscriptionId, ex.toString());
			return;
		}
		long base = this.clock.millis();
		int released = 0;
		for (Delivery row : pending) {
			if (row.nextAttemptAt() == null || !row.nextAttemptAt().isAfter(this.clock.instant())) {
				continue; // due anyway: queued already or found by the next refill
			}
			this.queue.putEarly(row.id(), subscriptionId, base);
			released++;
		}
		if (released > 0) {
			log.info("Webhook subscription {} answers again: {} pending deliveries sent now instead of at their "
					+ "next retry", subscriptionId, released);
		}
	}

}
