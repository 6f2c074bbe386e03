package dev.todostreams.notify;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The deliveries this instance will send, each leaving the queue when it is due on the worker's clock, in due order
 * (entries due at the same millisecond in the order they were queued). It also keeps the ids queued or in flight
 * here, so that a refill from the due index, which may list a row this instance already holds, does not queue it
 * twice.
 */
final class DueQueue {

	/** The id of a wake-up entry; no delivery id is empty. */
	private static final String WAKE_UP = "";

	private final Clock clock;

	private final DelayQueue<Due> queue = new DelayQueue<>();

	/** Ids queued or in flight in this instance. */
	private final Set<String> known = ConcurrentHashMap.newKeySet();

	DueQueue(Clock clock) {
		this.clock = clock;
	}

	/** Takes {@code deliveryId} for this instance; false when it is queued or in flight here already. */
	boolean take(String deliveryId) {
		return this.known.add(deliveryId);
	}

	/** Gives up {@code deliveryId}: it is neither queued nor in flight here any more. */
	void release(String deliveryId) {
		this.known.remove(deliveryId);
	}

	void releaseAll(Set<String> deliveryIds) {
		this.known.removeAll(deliveryIds);
	}

	/** Queues a row due at {@code dueAtMillis} unless this instance holds it already. */
	void schedule(String deliveryId, String subscriptionId, long dueAtMillis) {
		if (take(deliveryId)) {
			put(deliveryId, subscriptionId, dueAtMillis);
		}
	}

	/** Queues a row taken already (or a second entry for it, e.g. a redelivery). */
	void put(String deliveryId, String subscriptionId, long dueAtMillis) {
		this.queue.put(new Due(deliveryId, subscriptionId, dueAtMillis, this.clock, null, false));
	}

	/** Queues a row taken already with the copy just written, so sending it needs no second read. */
	void put(Delivery row, long dueAtMillis) {
		this.queue.put(new Due(row.id(), row.subscriptionId(), dueAtMillis, this.clock, row, false));
	}

	/** Queues a row to be sent at {@code dueAtMillis} although its next attempt is later (the endpoint recovered). */
	void putEarly(String deliveryId, String subscriptionId, long dueAtMillis) {
		this.take(deliveryId);
		this.queue.put(new Due(deliveryId, subscriptionId, dueAtMillis, this.clock, null, true));
	}

	/** Makes a waiting {@link #poll} return now (with null), e.g. for a refill asked for meanwhile. */
	void wakeUp() {
		this.queue.put(new Due(WAKE_UP, WAKE_UP, 0, this.clock, null, false));
	}

	/** The next due entry, waiting at most {@code timeoutMillis}; null when none came due or on a wake-up. */
	@Nullable Due poll(long timeoutMillis) throws InterruptedException {
		Due due = this.queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
		return (due != null && WAKE_UP.equals(due.deliveryId())) ? null : due;
	}

	int size() {
		return this.queue.size();
	}

	void clear() {
		this.queue.clear();
		this.known.clear();
	}

	/**
	 * A queued delivery, due at {@code dueAtMillis} on the worker's clock.
	 * @param row the copy just written, or null: the attempt reads the row
	 * @param early sent even though the row's next attempt is later (released after the endpoint recovered)
	 */
	record Due(String deliveryId, String subscriptionId, long dueAtMillis, Clock clock, @Nullable Delivery row,
			boolean early, long order) implements Delayed {

		private static final AtomicLong ORDER = new AtomicLong();

		Due(String deliveryId, String subscriptionId, long dueAtMillis, Clock clock, @Nullable Delivery row,
				boolean early) {
			this(deliveryId, subscriptionId, dueAtMillis, clock, row, early, ORDER.incrementAndGet());
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
