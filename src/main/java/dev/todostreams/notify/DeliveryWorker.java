package dev.todostreams.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Sends due outbox rows. Due rows come from an in-memory queue fed by the outbox writer (so a new row goes out at
 * once) and refilled from the table's due index at start and every poll interval (rows of other instances, rows
 * left by a crash). Each subscription is a lane with its own concurrency limit, on a pool bounded overall, so one
 * slow endpoint never holds up the others.
 */
@Slf4j
public class DeliveryWorker implements SmartLifecycle {

	private static final int REFILL_LIMIT = 10_000;

	private static final int MAX_LOGGED_BODY = 512;

	/** Most pending rows of one subscription released at once when its endpoint answers again. */
	private static final int RELEASE_LIMIT = 10_000;

	private final DeliveryRepository deliveries;

	private final SubscriptionRepository subscriptions;

	private final WebhookSender sender;

	private final TargetGuard guard;

	private final WebhookProperties properties;

	private final Clock clock;

	private final DelayQueue<Due> queue = new DelayQueue<>();

	/** Set by {@link #refillSoon()}: the dispatcher reads the due index at its next turn instead of at the poll. */
	private volatile boolean refillRequested;

	/** Ids queued or in flight in this instance; a refill does not add them twice. */
	private final Set<String> known = ConcurrentHashMap.newKeySet();

	/** Ids being sent right now; a row is never sent twice at once by this instance. */
	private final Set<String> sending = ConcurrentHashMap.newKeySet();

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final List<DeliveryObserver> observers;

	private final SubscriptionHealth health;

	private volatile boolean running;

	private @Nullable Thread dispatcher;

	private @Nullable ExecutorService pool;

	public DeliveryWorker(DeliveryRepository deliveries, SubscriptionRepository subscriptions, WebhookSender sender,
			TargetGuard guard, WebhookProperties properties, Clock clock) {
		this(deliveries, subscriptions, sender, guard, properties, clock, List.of());
	}

	public DeliveryWorker(DeliveryRepository deliveries, SubscriptionRepository subscriptions, WebhookSender sender,
			TargetGuard guard, WebhookProperties properties, Clock clock, List<DeliveryObserver> observers) {
		this.observers = List.copyOf(observers);
		this.deliveries = deliveries;
		this.subscriptions = subscriptions;
		this.health = new SubscriptionHealth(subscriptions, properties.disableAfter());
		this.sender = sender;
		this.guard = guard;
		this.properties = properties;
		this.clock = clock;
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
				if (row.nextAttemptAt() != null && this.known.add(row.id())) {
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
				this.queue.put(isNew
						? new Due(row.id(), row.subscriptionId(), row.nextAttemptAt().toEpochMilli(), this.clock, row)
						: new Due(row.id(), row.subscriptionId(), this.clock.millis(), this.clock));
			}
			else if (!isNew) {
				schedule(row.id(), row.subscriptionId(), this.clock.instant());
			}
			if (isNew && !this.observers.isEmpty()) {
				this.subscriptions.findCached(row.subscriptionId())
					.ifPresent((subscription) -> publish(row, subscription, row.state(), row.attempts().size(), null));
			}
		}
	}

	/** Called by the outbox when its write failed: gives the ids taken by {@link #expect} back. */
	public void notWritten(Set<String> expected) {
		this.known.removeAll(expected);
	}

	/** Queues a pending row to be sent at {@code dueAt}; wakes the dispatcher when it is due now. */
	public void schedule(String deliveryId, String subscriptionId, Instant dueAt) {
		if (this.running && this.known.add(deliveryId)) {
			this.queue.put(new Due(deliveryId, subscriptionId, dueAt.toEpochMilli(), this.clock));
		}
	}

	/**
	 * Queues a row that was just made due again (a redelivery), even if an entry for a later attempt is queued
	 * already; whichever entry comes first reads the row and the other finds nothing due.
	 */
	public void scheduleNow(String deliveryId, String subscriptionId, Instant dueAt) {
		if (this.running) {
			this.known.add(deliveryId);
			this.queue.put(new Due(deliveryId, subscriptionId, dueAt.toEpochMilli(), this.clock));
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.properties.maxConcurrency(), (task) -> {
			Thread thread = new Thread(task, "webhook-send-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
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
		if (this.pool != null) {
			this.pool.shutdown();
			try {
				if (!this.pool.awaitTermination(this.properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
					this.pool.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				this.pool.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}
		this.queue.clear();
		this.known.clear();
		this.lanes.clear();
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
			this.queue.put(new Due("", "", 0, this.clock));
		}
	}

	/** Deliveries queued in this instance, waiting to be due or for a free slot in their lane. */
	public int queued() {
		return this.queue.size() + this.lanes.values().stream().mapToInt(Lane::waiting).sum();
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
				Due due = this.queue.poll(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				if (due != null && !due.isWakeUp()) {
					lane(due.subscriptionId()).offer(due);
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

	private Lane lane(String subscriptionId) {
		return this.lanes.computeIfAbsent(subscriptionId, (id) -> new Lane());
	}

	private void send(Due due) {
		if (!this.sending.add(due.deliveryId())) {
			// a second entry for a row being sent right now (a redelivery): look again once this attempt is over
			this.queue.put(new Due(due.deliveryId(), due.subscriptionId(),
					this.clock.millis() + this.properties.pollInterval().toMillis(), this.clock));
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
				this.known.remove(due.deliveryId());
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
			this.queue.put(new Due(delivery.id(), delivery.subscriptionId(), delivery.nextAttemptAt().toEpochMilli(),
					this.clock));
			return true;
		}
		Optional<Subscription> subscription = this.subscriptions.findCached(delivery.subscriptionId());
		if (subscription.isEmpty() || !subscription.get().enabled()) {
			String reason = subscription.isEmpty() ? "the subscription was deleted"
					: "the subscription is disabled" + ((subscription.get().disabledReason() != null)
							? " (" + subscription.get().disabledReason() + ")" : "");
			DeliveryAttempt refused = new DeliveryAttempt(now, null, 0, reason, null, null);
			if (this.deliveries.recordAttempt(delivery.id(), refused, Delivery.State.FAILED,
					delivery.scheduleAttempts(), now) && subscription.isPresent()) {
				publish(delivery, subscription.get(), Delivery.State.FAILED, delivery.attempts().size() + 1,
						refused);
			}
			return false;
		}
		Subscription target = subscription.get();
		int attemptNumber = delivery.scheduleAttempts() + 1;
		WebhookSender.Result result;
		try {
			this.guard.check(target.url());
			long timestamp = now.getEpochSecond();
			String signature = WebhookSignature.header(target.signingSecrets(now), delivery.id(), timestamp,
					delivery.payload());
			result = this.sender.send(target.url(), delivery.id(), timestamp, signature, delivery.payload());
		}
		catch (RefusedTargetException ex) {
			result = new WebhookSender.Result(null, null, null, "refused target: " + ex.getMessage(), 0);
		}
		catch (SecretUnreadableException ex) {
			result = new WebhookSender.Result(null, null, null, "not sent: " + ex.getMessage(), 0);
		}
		Instant finished = this.clock.instant();
		DeliveryDecision decision = DeliveryDecision.after(result.statusCode(), result.retryAfter(), attemptNumber,
				this.properties.schedule(), this.properties.maxRetryAfter(), finished, ThreadLocalRandom.current());
		String body = result.body();
		if (body != null && body.length() > MAX_LOGGED_BODY) {
			body = body.substring(0, MAX_LOGGED_BODY);
		}
		DeliveryAttempt attempt = new DeliveryAttempt(now, result.statusCode(), result.latencyMillis(), result.logged(),
				body, decision.nextAttemptAt());
		boolean recorded = this.deliveries.recordAttempt(delivery.id(), attempt, decision.state(), attemptNumber,
				finished);
		if (recorded) {
			publish(delivery, target, decision.state(), delivery.attempts().size() + 1, attempt);
		}
		this.health.record(target, decision, finished);
		Lane lane = lane(delivery.subscriptionId());
		if (decision.state() != Delivery.State.DELIVERED) {
			lane.failing = true;
		}
		else if (lane.recovered(target.failingSince())) {
			releasePending(target.id());
		}
		if (decision.state() == Delivery.State.FAILED) {
			log.warn("Webhook {} to subscription {} failed for good after {} attempt(s): {}", delivery.id(),
					target.id(), attemptNumber, describe(result));
		}
		else if (decision.state() == Delivery.State.PENDING) {
			log.info("Webhook {} to subscription {} failed ({}); next attempt at {}", delivery.id(), target.id(),
					describe(result), decision.nextAttemptAt());
		}
		if (recorded && decision.state() == Delivery.State.PENDING && decision.nextAttemptAt() != null) {
			this.queue.put(new Due(delivery.id(), delivery.subscriptionId(), decision.nextAttemptAt().toEpochMilli(),
					this.clock));
			return true;
		}
		return false;
	}

	private void publish(Delivery delivery, Subscription subscription, Delivery.State state, int attempts,
			@Nullable DeliveryAttempt attempt) {
		if (this.observers.isEmpty()) {
			return;
		}
		DeliveryObserver.Update update = new DeliveryObserver.Update(delivery.id(), delivery.eventId(),
				delivery.subscriptionId(), subscription.url(), state, attempts, attempt, subscription.owner());
		for (DeliveryObserver observer : this.observers) {
			try {
				observer.deliveryUpdated(update);
			}
			catch (RuntimeException ex) {
				log.debug("Delivery observer {} failed: {}", observer, ex.toString());
			}
		}
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
			this.known.add(row.id());
			this.queue.put(new Due(row.id(), subscriptionId, base, this.clock, null, true));
			released++;
		}
		if (released > 0) {
			log.info("Webhook subscription {} answers again: {} pending deliveries sent now instead of at their "
					+ "next retry", subscriptionId, released);
		}
	}

	private static String describe(WebhookSender.Result result) {
		return (result.statusCode() != null) ? "HTTP " + result.statusCode() : String.valueOf(result.logged());
	}

	/** One subscription's deliveries: at most {@code maxConcurrencyPerEndpoint} in flight, the rest wait here. */
	private final class Lane {

		private final ArrayDeque<Due> waiting = new ArrayDeque<>();

		private int running;

		/** An attempt failed since the last success. */
		volatile boolean failing;

		/** The failure streak (subscription's failingSince) whose end already released the backlog. */
		private @Nullable Instant releasedFor;

		/**
		 * Called on a success: true once per end of a failure streak, seen in this instance (an attempt failed here)
		 * or recorded on the subscription (attempts failed in another instance or before a restart).
		 */
		synchronized boolean recovered(@Nullable Instant failingSince) {
			boolean failedHere = this.failing;
			this.failing = false;
			boolean failedElsewhere = failingSince != null && !failingSince.equals(this.releasedFor);
			if (failedHere || failedElsewhere) {
				this.releasedFor = failingSince;
				return true;
			}
			return false;
		}

		synchronized int waiting() {
			return this.waiting.size();
		}

		void offer(Due due) {
			synchronized (this) {
				if (this.running >= DeliveryWorker.this.properties.maxConcurrencyPerEndpoint()) {
					this.waiting.add(due);
					return;
				}
				this.running++;
			}
			start(due);
		}

		private void start(Due due) {
			ExecutorService executor = DeliveryWorker.this.pool;
			if (executor == null || executor.isShutdown()) {
				DeliveryWorker.this.known.remove(due.deliveryId());
				return;
			}
			executor.execute(() -> {
				try {
					send(due);
				}
				finally {
					Due next;
					synchronized (this) {
						next = this.waiting.poll();
						if (next == null) {
							this.running--;
						}
					}
					if (next != null && DeliveryWorker.this.running) {
						start(next);
					}
				}
			});
		}

	}

	/**
	 * A queued delivery, due at {@code dueAtMillis} on the worker's clock; {@code early}: sent even though the row's
	 * next attempt is later (released after the endpoint recovered).
	 */
	private record Due(String deliveryId, String subscriptionId, long dueAtMillis, Clock clock,
			@Nullable Delivery row, boolean early, long order) implements Delayed {

		/** Entries due at the same millisecond leave the queue in the order they were queued. */
		private static final java.util.concurrent.atomic.AtomicLong ORDER = new java.util.concurrent.atomic.AtomicLong();

		Due(String deliveryId, String subscriptionId, long dueAtMillis, Clock clock) {
			this(deliveryId, subscriptionId, dueAtMillis, clock, null, false);
		}

		Due(String deliveryId, String subscriptionId, long dueAtMillis, Clock clock, @Nullable Delivery row) {
			this(deliveryId, subscriptionId, dueAtMillis, clock, row, false);
		}

		Due(String deliveryId, String subscriptionId, long dueAtMillis, Clock clock, @Nullable Delivery row,
				boolean early) {
			this(deliveryId, subscriptionId, dueAtMillis, clock, row, early, ORDER.incrementAndGet());
		}

		/** The entry {@link DeliveryWorker#refillSoon()} queues to wake the dispatcher; it names no delivery. */
		boolean isWakeUp() {
			return this.deliveryId.isEmpty();
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.dueAtMillis - this.clock.millis(), TimeUnit.MILLISECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			Due that = (Due) other;
			int byTime = Long.compare(this.dueAtMillis, that.dueAtMillis);
			return (byTime != 0) ? byTime : Long.compare(this.order, that.order);
		}

	}

}
