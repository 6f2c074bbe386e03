package dev.todostreams.live;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Fans the change log's entries out to open connections.
 * <p>
 * Everything that touches subscribers runs on one daemon thread, in order: publishing an event, replaying what a
 * reconnecting subscriber missed (read from the change log) and adding it, sending heartbeats, dropping a
 * subscriber. Events carry their change-log position as id, so a reconnecting client gets every entry after its
 * {@code Last-Event-ID} once: what the replay sent is not sent again when the log's tail publishes it, and the feed
 * owns exactly one thread however many browsers are connected.
 */
@Slf4j
public final class ChangeFeed implements AutoCloseable {

	private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService executor;

	private final Function<@Nullable String, List<FeedEvent>> replay;

	private volatile boolean closed;

	/**
	 * @param heartbeat how often idle connections get a comment
	 * @param replay the events after a {@code Last-Event-ID} (or a single {@link FeedEvent#RESET})
	 */
	public ChangeFeed(Duration heartbeat, Function<@Nullable String, List<FeedEvent>> replay) {
		this.replay = replay;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "live-feed");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, heartbeat.toMillis());
		this.executor.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
	}

	/** Sends an event to every subscriber (except one that got it in its replay). Never blocks the caller. */
	public void publish(FeedEvent event) {
		run(() -> {
			for (Subscription subscription : this.subscribers) {
				if (subscription.replayed != null && subscription.replayed.remove(key(event))) {
					continue;
				}
				send(subscription, event);
			}
		});
	}

	/**
	 * Adds a subscriber. With a {@code lastEventId} it first gets every change-log entry after that id, or a
	 * {@link FeedEvent#RESET} when the id is unknown or older than the log keeps.
	 */
	public void subscribe(FeedSubscriber subscriber, @Nullable String lastEventId) {
		run(() -> {
			Subscription subscription = new Subscription(subscriber);
			List<FeedEvent> missed = (lastEventId == null || lastEventId.isBlank()) ? List.of()
					: this.replay.apply(lastEventId.trim());
			if (!missed.isEmpty()) {
				subscription.replayed = new HashSet<>();
			}
			for (FeedEvent event : missed) {
				if (!send(subscription, event)) {
					return;
				}
				subscription.replayed.add(key(event));
			}
			this.subscribers.add(subscription);
			if (subscription.replayed != null) {
				// the tail publishes only recent entries again; after a while nothing replayed can come twice
				this.executor.schedule(() -> subscription.replayed = null, 1, TimeUnit.MINUTES);
			}
		});
	}

	/** Drops a subscriber (its connection completed, timed out or failed). */
	public void unsubscribe(FeedSubscriber subscriber) {
		run(() -> this.subscribers.removeIf((subscription) -> subscription.subscriber == subscriber));
	}

	/** The number of open connections. */
	public int subscribers() {
		return this.subscribers.size();
	}

	private static String key(FeedEvent event) {
		return event.name() + " " + event.id();
	}

	private void heartbeat() {
		for (Subscription subscription : this.subscribers) {
			try {
				subscription.subscriber.heartbeat();
			}
			catch (Exception ex) {
				drop(subscription, ex);
			}
		}
	}

	private boolean send(Subscription subscription, FeedEvent event) {
		try {
			subscription.subscriber.send(event);
			return true;
		}
		catch (Exception ex) {
			drop(subscription, ex);
			return false;
		}
	}

	private void drop(Subscription subscription, Exception reason) {
		log.debug("Dropping live feed subscriber: {}", reason.toString());
		this.subscribers.remove(subscription);
		subscription.subscriber.close();
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
				this.subscribers.forEach((subscription) -> subscription.subscriber.close());
				this.subscribers.clear();
			}).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			this.closed = true;
			log.debug("Live feed did not close cleanly: {}", ex.toString());
		}
		this.executor.shutdownNow();
	}

	/** A subscriber and what its replay sent (touched on the feed's thread only). */
	private static final class Subscription {

		final FeedSubscriber subscriber;

		@Nullable Set<String> replayed;

		Subscription(FeedSubscriber subscriber) {
			this.subscriber = subscriber;
		}

	}

}
