package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.todostreams.notify.DueQueue.Due;
import org.jspecify.annotations.Nullable;

/**
 * Runs due deliveries on a pool bounded overall ({@code maxConcurrency} threads), one lane per subscription: at most
 * {@code perEndpoint} of a subscription's deliveries in flight, the rest wait in its lane in the order they came due,
 * so one slow endpoint never holds up the others. A lane also remembers whether its endpoint failed, for the fast
 * path after a success.
 */
final class DeliveryLanes {

	private final int maxConcurrency;

	private final int perEndpoint;

	/** Sends one delivery (on a pool thread). */
	private final Consumer<Due> send;

	/** Told of a delivery that will not run here (the lanes stopped). */
	private final Consumer<Due> dropped;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	private volatile boolean running;

	private @Nullable ExecutorService pool;

	DeliveryLanes(int maxConcurrency, int perEndpoint, Consumer<Due> send, Consumer<Due> dropped) {
		this.maxConcurrency = maxConcurrency;
		this.perEndpoint = perEndpoint;
		this.send = send;
		this.dropped = dropped;
	}

	synchronized void start() {
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.maxConcurrency, (task) -> {
			Thread thread = new Thread(task, "webhook-send-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
	}

	/** Lets the deliveries in flight finish within {@code grace}, drops the waiting ones. */
	synchronized void stop(Duration grace) {
		this.running = false;
		ExecutorService executor = this.pool;
		if (executor != null) {
			executor.shutdown();
			try {
				if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
					executor.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				executor.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}
		this.lanes.clear();
	}

	/** Runs {@code due} now if its lane has a free slot, or once one frees up. */
	void offer(Due due) {
		lane(due.subscriptionId()).offer(due);
	}

	/** Deliveries waiting for a free slot in their lane. */
	int waiting() {
		return this.lanes.values().stream().mapToInt(Lane::waiting).sum();
	}

	/** An attempt to the subscription's endpoint failed. */
	void failed(String subscriptionId) {
		lane(subscriptionId).failing = true;
	}

	/**
	 * An attempt to the subscription's endpoint succeeded.
	 * @param failingSince the subscription's failure streak as recorded on it (attempts that failed in another
	 * instance or before a restart)
	 * @return true once per end of a failure streak, seen here or recorded on the subscription: the time to send
	 * its other pending deliveries
	 */
	boolean succeeded(String subscriptionId, @Nullable Instant failingSince) {
		return lane(subscriptionId).recovered(failingSince);
	}

	private Lane lane(String subscriptionId) {
		return this.lanes.computeIfAbsent(subscriptionId, (id) -> new Lane());
	}

	/** One subscription's deliveries: at most {@code perEndpoint} in flight, the rest wait here. */
	private final class Lane {

		private final ArrayDeque<Due> waiting = new ArrayDeque<>();

		private int running;

		/** An attempt failed since the last success. */
		volatile boolean failing;

		/** The failure streak (subscription's failingSince) whose end already released the backlog. */
		private @Nullable Instant releasedFor;

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
				if (this.running >= DeliveryLanes.this.perEndpoint) {
					this.waiting.add(due);
					return;
				}
				this.running++;
			}
			start(due);
		}

		private void start(Due due) {
			ExecutorService executor = DeliveryLanes.this.pool;
			if (executor == null || executor.isShutdown()) {
				DeliveryLanes.this.dropped.accept(due);
				return;
			}
			executor.execute(() -> {
				try {
					DeliveryLanes.this.send.accept(due);
				}
				finally {
					Due next;
					synchronized (this) {
						next = this.waiting.poll();
						if (next == null) {
							this.running--;
						}
					}
					if (next != null && DeliveryLanes.this.running) {
						start(next);
					}
				}
			});
		}

	}

}
