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
 * time one of them changes, until all are delivered or failed (or tracking times out). Every instance's delivery
 * worker writes each new state into the change log; this instance's tail of the log hands them here
 * ({@link #updated}), with the log position of the entry, which becomes the event's id.
 * <p>
 * The tail shows entries in position order, but an outcome may still come before its change (they are appended by
 * different writers): outcomes that arrive before {@link #track} are kept (for at most {@code tracking}, at most
 * {@code capacity} changes) and shown with the change when it comes.
 */
final class DeliveryTracker implements DeliveryFollower {

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
	@Override
	public synchronized void track(ChangeEvent change, String position) {
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
		publish(entry, position);
		trim();
	}

	/** A delivery of the change {@code eventId} has a new state. */
	@Override
	public synchronized void updated(String eventId, DeliveryOutcome outcome, String position) {
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
			publish(entry, position);
		}
		trim();
	}

	@Override
	public boolean follows() {
		return true;
	}

	/** Changes (shown or not yet) whose deliveries are being followed. */
	synchronized int tracking() {
		return this.entries.size();
	}

	/** A change the tracker follows (shown already), for a replay that has an outcome but not its change. */
	@Override
	public synchronized @Nullable ChangeEvent change(String eventId) {
		Entry entry = this.entries.get(eventId);
		return (entry != null) ? entry.change : null;
	}

	private void publish(Entry entry, String position) {
		List<DeliveryOutcome> outcomes = new ArrayList<>(entry.outcomes.values());
		this.feed.publish(new FeedEvent(position, FeedEvent.DELIVERIES, entry.change.withDeliveries(outcomes)));
		// kept even when every known delivery is settled: the log may still bring the outcome of another
		// subscription's delivery (appended by another writer); tracking ends by time or capacity
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
