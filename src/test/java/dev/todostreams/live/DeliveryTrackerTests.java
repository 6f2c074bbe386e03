package dev.todostreams.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.live.LiveFixtures.RecordingSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.todostreams.live.LiveFixtures.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryTrackerTests {

	private static final DeliveryOutcome PENDING = new DeliveryOutcome("msg_1", "wh_1", "http://localhost:9/hook",
			"pending", 1, 503, null, "alice");

	private static final DeliveryOutcome DELIVERED = new DeliveryOutcome("msg_1", "wh_1", "http://localhost:9/hook",
			"delivered", 2, 204, null, "alice");

	private final ChangeFeed feed = new ChangeFeed(100, Duration.ofHours(1), 1);

	private final RecordingSubscriber browser = new RecordingSubscriber();

	private final AtomicReference<List<DeliveryOutcome>> outbox = new AtomicReference<>(List.of());

	private final MutableClock clock = new MutableClock();

	// polls only when the test says so
	private final DeliveryTracker tracker = new DeliveryTracker(this.feed, (eventId) -> this.outbox.get(),
			Duration.ofHours(1), Duration.ofMinutes(2), this.clock);

	@AfterEach
	void close() {
		this.tracker.close();
		this.feed.close();
	}

	@Test
	void publishesEachNewStateOfTheDeliveriesUntilAllAreSettled() {
		this.feed.subscribe(this.browser, null);
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"));
		this.outbox.set(List.of(PENDING));
		this.tracker.poll();
		this.tracker.poll();
		assertThat(this.tracker.tracking()).isEqualTo(1);
		this.outbox.set(List.of(DELIVERED));
		this.tracker.poll();
		assertThat(this.tracker.tracking()).isZero();
		await().until(() -> this.browser.events.size() == 2);
		assertThat(this.browser.events).extracting(FeedEvent::name)
			.containsExactly(FeedEvent.DELIVERIES, FeedEvent.DELIVERIES);
		assertThat(this.browser.events).extracting((event) -> event.change().deliveries())
			.containsExactly(List.of(PENDING), List.of(DELIVERED));
	}

	@Test
	void aChangeWithoutDeliveriesSaysSoOnceAndIsNotFollowed() {
		this.feed.subscribe(this.browser, null);
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"));
		this.tracker.poll();
		assertThat(this.tracker.tracking()).isZero();
		await().until(() -> this.browser.events.size() == 1);
		assertThat(this.browser.events.get(0).change().deliveries()).isEmpty();
	}

	@Test
	void stopsFollowingADeliveryThatStaysPendingTooLong() {
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"));
		this.outbox.set(List.of(PENDING));
		this.tracker.poll();
		assertThat(this.tracker.tracking()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(3));
		this.tracker.poll();
		assertThat(this.tracker.tracking()).isZero();
	}

	@Test
	void aFailingLookupIsRetriedOnTheNextPoll() {
		DeliveryTracker failing = new DeliveryTracker(this.feed, (eventId) -> {
			throw new IllegalStateException("table not reachable");
		}, Duration.ofHours(1), Duration.ofMinutes(2), this.clock);
		try {
			failing.track(change("e1", "T1001", "In Progress", "completed"));
			failing.poll();
			assertThat(failing.tracking()).isEqualTo(1);
		}
		finally {
			failing.close();
		}
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2024-03-25T10:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
