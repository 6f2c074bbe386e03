package dev.todostreams.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Follows the webhook deliveries of recent status changes and publishes a {@link FeedEvent#DELIVERIES} event
 * whenever they change, until all are delivered or failed (or tracking times out). Delivery is asynchronous, so the
 * change itself is shown first and its deliveries fill in.
 */
@Slf4j
final class DeliveryTracker implements AutoCloseable {

	/** Finds the deliveries a change (by stream eventID) caused; empty when none. */
	@FunctionalInterface
	interface DeliveryLookup {

		List<DeliveryOutcome> deliveriesOf(String eventId);

	}

	private final ChangeFeed feed;

	private final DeliveryLookup lookup;

	private final Duration tracking;

	private final Clock clock;

	private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

	private final ScheduledExecutorService executor;

	DeliveryTracker(ChangeFeed feed, DeliveryLookup lookup, Duration poll, Duration tracking, Clock clock) {
		this.feed = feed;
		this.lookup = lookup;
		this.tracking = tracking;
		this.clock = clock;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "live-deliveries");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, poll.toMillis());
		this.executor.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.MILLISECONDS);
	}

	void track(ChangeEvent change) {
		this.tracked.putIfAbsent(change.eventId(), new Tracked(change, null, this.clock.instant().plus(this.tracking)));
	}

	int tracking() {
		return this.tracked.size();
	}

	void poll() {
		Instant now = this.clock.instant();
		for (Tracked entry : this.tracked.values()) {
			String eventId = entry.change().eventId();
			try {
				List<DeliveryOutcome> outcomes = this.lookup.deliveriesOf(eventId);
				if (!Objects.equals(outcomes, entry.last())) {
					this.feed.publish(FeedEvent.DELIVERIES, entry.change().withDeliveries(outcomes));
				}
				boolean settled = outcomes.stream().allMatch(DeliveryOutcome::settled);
				if (settled || now.isAfter(entry.until())) {
					this.tracked.remove(eventId);
				}
				else {
					this.tracked.put(eventId, new Tracked(entry.change(), outcomes, entry.until()));
				}
			}
			catch (RuntimeException ex) {
				log.debug("Could not look up the deliveries of {}: {}", eventId, ex.toString());
				if (now.isAfter(entry.until())) {
					this.tracked.remove(eventId);
				}
			}
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private record Tracked(ChangeEvent change, @Nullable List<DeliveryOutcome> last, Instant until) {
	}

}
