package dev.todostreams.live;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Fans processed changes out to open connections and keeps the most recent ones for clients that reconnect.
 * <p>
 * Everything that touches subscribers runs on one daemon thread, in order: appending an event, replaying the missed
 * ones to a new subscriber and adding it, sending heartbeats, dropping a subscriber. So a reconnecting client gets
 * every buffered event after its {@code Last-Event-ID} exactly once, and the feed owns exactly one thread however
 * many browsers are connected. Ids start from the clock at creation, so an id from before a restart is recognisably
 * unknown and answered with a {@link FeedEvent#RESET}.
 */
@Slf4j
public final class ChangeFeed implements AutoCloseable {

	private final int capacity;

	private final ArrayDeque<FeedEvent> buffer;

	private final long firstId;

	private long lastId;

	private final List<FeedSubscriber> subscribers = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService executor;

	private volatile boolean closed;

	public ChangeFeed(int capacity, Duration heartbeat) {
		this(capacity, heartbeat, System.currentTimeMillis() * 1000);
	}

	ChangeFeed(int capacity, Duration heartbeat, long firstId) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be positive");
		}
		this.capacity = capacity;
		this.buffer = new ArrayDeque<>(Math.min(capacity, 1024));
		this.firstId = firstId;
		this.lastId = firstId - 1;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "live-feed");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, heartbeat.toMillis());
		this.executor.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
	}

	/** Appends an event (ids are assigned in order) and sends it to every subscriber. Never blocks the caller. */
	public void publish(String name, ChangeEvent change) {
		run(() -> {
			FeedEvent event = append(name, change);
			if (event != null) {
				for (FeedSubscriber subscriber : this.subscribers) {
					send(subscriber, event);
				}
			}
		});
	}

	/**
	 * Adds a subscriber. With a {@code lastEventId} it first gets every buffered event after that id, or a
	 * {@link FeedEvent#RESET} when some of them are no longer buffered (or the id is not one of this feed's).
	 */
	public void subscribe(FeedSubscriber subscriber, @Nullable String lastEventId) {
		run(() -> {
			for (FeedEvent event : missedSince(lastEventId)) {
				if (!send(subscriber, event)) {
					return;
				}
			}
			this.subscribers.add(subscriber);
		});
	}

	/** Drops a subscriber (its connection completed, timed out or failed). */
	public void unsubscribe(FeedSubscriber subscriber) {
		run(() -> this.subscribers.remove(subscriber));
	}

	/** The number of open connections. */
	public int subscribers() {
		return this.subscribers.size();
	}

	/** The latest state of the most recent changes, oldest first, at most {@code limit}. */
	public synchronized List<ChangeEvent> recent(int limit) {
		Map<String, ChangeEvent> latest = new LinkedHashMap<>();
		for (FeedEvent event : this.buffer) {
			if (event.change() != null) {
				latest.put(event.change().eventId(), event.change());
			}
		}
		List<ChangeEvent> all = new ArrayList<>(latest.values());
		return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size()));
	}

	/** The id of the newest event, or one less than the first id while there is none. */
	public synchronized long lastId() {
		return this.lastId;
	}

	synchronized @Nullable FeedEvent append(String name, ChangeEvent change) {
		if (FeedEvent.CHANGE.equals(name)) {
			for (FeedEvent event : this.buffer) {
				// the consumer delivers at least once: a redelivered record is the same change
				if (FeedEvent.CHANGE.equals(event.name()) && event.change() != null
						&& event.change().eventId().equals(change.eventId())) {
					return null;
				}
			}
		}
		this.lastId++;
		FeedEvent event = new FeedEvent(this.lastId, name, change.withId(this.lastId));
		if (this.buffer.size() == this.capacity) {
			this.buffer.removeFirst();
		}
		this.buffer.addLast(event);
		return event;
	}

	synchronized List<FeedEvent> missedSince(@Nullable String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return List.of();
		}
		long last;
		try {
			last = Long.parseLong(lastEventId.trim());
		}
		catch (NumberFormatException ex) {
			return List.of(new FeedEvent(this.lastId, FeedEvent.RESET, null));
		}
		long oldest = this.buffer.isEmpty() ? this.lastId + 1 : this.buffer.peekFirst().id();
		if (last > this.lastId || last < this.firstId - 1 || last < oldest - 1) {
			return List.of(new FeedEvent(this.lastId, FeedEvent.RESET, null));
		}
		return this.buffer.stream().filter((event) -> event.id() > last).toList();
	}

	private void heartbeat() {
		for (FeedSubscriber subscriber : this.subscribers) {
			try {
				subscriber.heartbeat();
			}
			catch (Exception ex) {
				drop(subscriber, ex);
			}
		}
	}

	private boolean send(FeedSubscriber subscriber, FeedEvent event) {
		try {
			subscriber.send(event);
			return true;
		}
		catch (Exception ex) {
			drop(subscriber, ex);
			return false;
		}
	}

	private void drop(FeedSubscriber subscriber, Exception reason) {
		log.debug("Dropping live feed subscriber: {}", reason.toString());
		this.subscribers.remove(subscriber);
		subscriber.close();
	}

	private void run(Runnable task) {
		if (this.closed) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					log.warn("Live feed task failed", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			log.debug("Live feed is closed");
		}
	}

	/** Ends every connection and stops the feed's thread. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		try {
			this.executor.submit(() -> {
				this.closed = true;
				this.subscribers.forEach(FeedSubscriber::close);
				this.subscribers.clear();
			}).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			this.closed = true;
			log.debug("Live feed did not close cleanly: {}", ex.toString());
		}
		this.executor.shutdownNow();
	}

}
