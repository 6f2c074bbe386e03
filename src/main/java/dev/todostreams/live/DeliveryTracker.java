package dev.todostreams.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Follows the webhook deliveries of recent status changes and publishes a {@link FeedEvent#DELIVERIES} event each
 * time one of them changes, until all are delivered or failed (or tracking times out). The delivery worker pushes
 * every new state ({@link #updated}); nothing is read back from the delivery table.
 * <p>
 * A change's outbox rows are written before the live feed sees the change, and a fast delivery may even be done by
 * then: outcomes that arrive before {@link #track} are kept (for at most {@code tracking}, at most {@code capacity}
 * changes) and shown with the change when it comes.
 */
final class DeliveryTracker {

	private final ChangeFeed feed;

	private final Duration tracking;

	private final int capacity;

	private final Clock clock;

	/** By eventID, oldest first (insertion order), so expiry looks at the head only. */
	private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

	DeliveryTracker(ChangeFeed feed, Duration tracking, int capacity, Clock clock) {
		this.feed = feed;
		this.tracking = tracking;
		this.capacity = capacity;
		this.clock = clock;
	}

	/** The live feed shows this change now: publish its deliveries as known, and every later state. */
	synchronized void track(ChangeEvent change) {
		Instant now = this.clock.instant();
		expire(now);
		Entry entry = this.entries.get(change.eventId());
		if (entry == null) {
			entry = new Entry(now.plus(this.tracking));
			this.entries.put(change.eventId(), entry);
		}
		else if (entry.change != null) {
			return; // a redelivered record: followed already
		}
		entry.change = change;
		publish(change.eventId(), entry);
		trim();
	}

	/** A delivery of the change {@code eventId} has a new state. */
	synchronized void updated(String eventId, DeliveryOutcome outcome) {
		Instant now = this.clock.instant();
		expire(now);
		Entry entry = this.entries.get(eventId);
		if (entry == null) {
			entry = new Entry(now.plus(this.tracking));
			this.entries.put(eventId, entry);
		}
		DeliveryOutcome known = entry.outcomes.get(outcome.id());
		if (known != null && known.attempts() > outcome.attempts()) {
			return; // an older state that arrived late
		}
		entry.outcomes.put(outcome.id(), outcome);
		if (entry.change != null) {
			publish(eventId, entry);
		}
		trim();
	}

	/** Changes (shown or not yet) whose deliveries are being followed. */
	synchronized int tracking() {
		return this.entries.size();
	}

	private void publish(String eventId, Entry entry) {
		List<DeliveryOutcome> outcomes = new ArrayList<>(entry.outcomes.values());
		this.feed.publish(FeedEvent.DELIVERIES, entry.change.withDeliveries(outcomes));
		if (outcomes.stream().allMatch(DeliveryOutcome::settled)) {
			this.entries.remove(eventId);
		}
	}

	private void expire(Instant now) {
		Iterator<Entry> oldest = this.entries.values().iterator();
		while (oldest.hasNext()) {
			if (!now.isAfter(oldest.next().until)) {
				return;
			}
			oldest.remove();
		}
	}

	private void trim() {
		Iterator<Entry> oldest = this.entries.values().iterator();
		while (this.entries.size() > this.capacity && oldest.hasNext()) {
			oldest.next();
			oldest.remove();
		}
	}

	private static final class Entry {

		final Instant until;

		@Nullable ChangeEvent change;

		/** By delivery id, in the order they became known. */
		final Map<String, DeliveryOutcome> outcomes = new LinkedHashMap<>();

		Entry(Instant until) {
			this.until = until;
		}

	}

}
