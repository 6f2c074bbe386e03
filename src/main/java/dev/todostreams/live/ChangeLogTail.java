package dev.todostreams.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Tails the change log for this instance's live feed: every {@code pollInterval} it reads the entries of the last
 * {@code reread} (by position, from the newest minute buckets) and the late index, and publishes each entry it has
 * not published yet once it is {@code settle} old, in position order. So every instance shows every change, whichever
 * instance's consumer processed it. Also answers the feed's replays and the polling API from the log.
 */
@Slf4j
final class ChangeLogTail implements AutoCloseable {

	/** The most entries one replay or one page reads. */
	static final int MAX_REPLAY = 100_000;

	private final ChangeLog changeLog;

	private final ChangeFeed feed;

	private final DeliveryFollower tracker;

	private final ChangeLogProperties properties;

	private final Clock clock;

	private final Instant started;

	/** Published positions and when they were published (tail thread only). */
	private final Map<String, Instant> published = new HashMap<>();

	/** Read but not yet settled, in position order, with when they were first read (tail thread only). */
	private final TreeMap<String, Pending> pending = new TreeMap<>();

	private volatile @Nullable String head;

	/** Polls so far (tail thread only). */
	private long rounds;

	private @Nullable ScheduledExecutorService executor;

	ChangeLogTail(ChangeLog changeLog, ChangeFeed feed, DeliveryFollower tracker,
			ChangeLogProperties properties) {
		this.changeLog = changeLog;
		this.feed = feed;
		this.tracker = tracker;
		this.properties = properties;
		this.clock = changeLog.clock();
		this.started = this.clock.instant();
	}

	/** Starts polling on a thread of its own. */
	synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "live-change-log");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, this.properties.pollInterval().toMillis());
		executor.scheduleWithFixedDelay(this::pollQuietly, 0, period, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public synchronized void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	/** The newest position this instance's feed has shown (or the tail's start): where a fresh client starts. */
	String head() {
		String newest = this.head;
		return (newest != null) ? newest : ChangeLogPosition.floor(this.started) + "-0";
	}

	private void pollQuietly() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			log.warn("Reading the change log failed: {}", ex.toString());
		}
	}

	/**
	 * One round: read what is new, publish what has settled. Every round reads the positions of the last
	 * {@code lateAfter} (plus two poll intervals: an entry appended up to {@code lateAfter} after its position's
	 * time is read by the first round after its append); every other round also reads the late index (entries
	 * appended later than that), every fifth the whole {@code reread} window, a safety net for clocks that disagree.
	 */
	void poll() {
		Instant started = this.clock.instant();
		long round = this.rounds++;
		Duration window = ((round % 5) == 0) ? this.properties.reread()
				: this.properties.lateAfter().plus(this.properties.pollInterval().multipliedBy(2));
		Instant from = started.minus(window);
		List<ChangeLogEntry> read = new ArrayList<>(
				this.changeLog.after(ChangeLogPosition.floor(from), started, MAX_REPLAY));
		if ((round % 2) == 0) {
			// late entries are rare and late already: every other round is soon enough
			read.addAll(this.changeLog.lateSince(started.minus(this.properties.reread()), started));
		}
		// what settled while the queries ran is shown in this round, not the next
		Instant now = this.clock.instant();
		for (ChangeLogEntry entry : read) {
			if (!this.published.containsKey(entry.position())) {
				this.pending.putIfAbsent(entry.position(), new Pending(entry, now));
			}
		}
		Iterator<Pending> waiting = this.pending.values().iterator();
		while (waiting.hasNext()) {
			Pending next = waiting.next();
			Instant since = next.entry.appendedAt().isBefore(next.read) ? next.entry.appendedAt() : next.read;
			if (now.isBefore(since.plus(this.properties.settle()))) {
				break; // later positions wait too, so entries appended moments apart are shown in position order
			}
			waiting.remove();
			this.published.put(next.entry.position(), now);
			publish(next.entry);
		}
		Instant forget = now.minus(this.properties.reread()).minus(this.properties.lateAfter()).minusSeconds(10);
		this.published.values().removeIf((at) -> at.isBefore(forget));
	}

	private void publish(ChangeLogEntry entry) {
		String current = this.head;
		if (current == null || entry.position().compareTo(current) > 0) {
			this.head = entry.position();
		}
		ChangeEvent change = entry.change();
		if (change != null) {
			this.feed.publish(new FeedEvent(entry.position(), FeedEvent.CHANGE, change));
			if (this.tracker.follows() && change.statusChanged()) {
				this.tracker.track(change, entry.position());
			}
		}
		else if (entry.delivery() != null) {
			this.tracker.updated(entry.eventId(), entry.delivery(), entry.position());
		}
	}

	/**
	 * What a client that last saw {@code lastEventId} missed, from the log: every change after it (and, with them,
	 * their delivery outcomes), entries appended late since then, or a single reset when the id is not a position
	 * or older than the log keeps.
	 */
	List<FeedEvent> replay(String lastEventId) {
		Instant now = this.clock.instant();
		if (!ChangeLogPosition.valid(lastEventId)
				|| ChangeLogPosition.time(lastEventId).isBefore(now.minus(this.changeLog.retention()))) {
			return List.of(new FeedEvent(head(), FeedEvent.RESET, null));
		}
		List<ChangeLogEntry> entries = new ArrayList<>(this.changeLog.after(lastEventId, now, MAX_REPLAY));
		// entries with a lower position that were appended (late) after the client's last one: the tail showed
		// them after it, so the client has not seen them
		Instant seen = this.changeLog.appendedAt(lastEventId);
		if (seen == null) {
			seen = ChangeLogPosition.time(lastEventId);
		}
		for (ChangeLogEntry late : this.changeLog.lateSince(ChangeLogPosition.time(lastEventId), now)) {
			if (late.position().compareTo(lastEventId) < 0 && late.appendedAt().isAfter(seen)) {
				entries.add(late);
			}
		}
		Map<String, ChangeEvent> changes = new HashMap<>();
		Map<String, Map<String, DeliveryOutcome>> outcomes = new HashMap<>();
		List<FeedEvent> events = new ArrayList<>();
		for (ChangeLogEntry entry : entries) {
			if (entry.change() != null) {
				changes.put(entry.eventId(), entry.change());
				events.add(new FeedEvent(entry.position(), FeedEvent.CHANGE, entry.change()));
				continue;
			}
			DeliveryOutcome outcome = entry.delivery();
			ChangeEvent change = changes.get(entry.eventId());
			if (change == null) {
				change = this.tracker.change(entry.eventId());
			}
			if (outcome == null || change == null) {
				continue;
			}
			Map<String, DeliveryOutcome> known = outcomes.computeIfAbsent(entry.eventId(), (id) -> new LinkedHashMap<>());
			known.merge(outcome.id(), outcome, (was, now2) -> (was.attempts() > now2.attempts()) ? was : now2);
			events.add(new FeedEvent(entry.position(), FeedEvent.DELIVERIES,
					change.withDeliveries(new ArrayList<>(known.values()))));
		}
		return events;
	}

	/** One page of the log after {@code since}, for polling clients. */
	List<ChangeLogEntry> page(String since, int limit) {
		return this.changeLog.after(since, this.clock.instant(), limit);
	}

	/** Whether a position is still in the log (not older than its retention). */
	boolean retained(String position) {
		return !ChangeLogPosition.time(position).isBefore(this.clock.instant().minus(this.changeLog.retention()));
	}

	/**
	 * The latest state of the most recent changes (at most {@code limit}, read from the newest hour of the log),
	 * oldest first, with their delivery outcomes.
	 */
	List<ChangeEvent> recent(int limit) {
		List<ChangeLogEntry> newest = this.changeLog.newest(limit, 60);
		Map<String, ChangeEvent> changes = new LinkedHashMap<>();
		Map<String, Map<String, DeliveryOutcome>> outcomes = new HashMap<>();
		for (int i = newest.size() - 1; i >= 0; i--) {
			ChangeLogEntry entry = newest.get(i);
			if (entry.change() != null) {
				changes.put(entry.eventId(), entry.change());
			}
			else if (entry.delivery() != null) {
				outcomes.computeIfAbsent(entry.eventId(), (id) -> new LinkedHashMap<>())
					.merge(entry.delivery().id(), entry.delivery(),
							(was, now) -> (was.attempts() > now.attempts()) ? was : now);
			}
		}
		List<ChangeEvent> all = new ArrayList<>();
		for (ChangeEvent change : changes.values()) {
			Map<String, DeliveryOutcome> known = outcomes.get(change.eventId());
			if (known != null) {
				all.add(change.withDeliveries(new ArrayList<>(known.values())));
			}
			else if (this.tracker.follows() && change.statusChanged()) {
				all.add(change.withDeliveries(List.of()));
			}
			else {
				all.add(change);
			}
		}
		return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size()));
	}

	private record Pending(ChangeLogEntry entry, Instant read) {
	}

}
