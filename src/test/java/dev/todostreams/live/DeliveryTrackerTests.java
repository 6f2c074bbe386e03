package dev.todostreams.live;

import java.time.Duration;
import java.util.List;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.live.LiveFixtures.RecordingSubscriber;
import dev.todostreams.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.todostreams.live.LiveFixtures.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryTrackerTests {

	private static final DeliveryOutcome WRITTEN = new DeliveryOutcome("msg_1", "wh_1", "http://localhost:9/hook",
			"pending", 0, null, null, "alice");

	private static final DeliveryOutcome PENDING = new DeliveryOutcome("msg_1", "wh_1", "http://localhost:9/hook",
			"pending", 1, 503, null, "alice");

	private static final DeliveryOutcome OTHER = new DeliveryOutcome("msg_2", "wh_2", "http://localhost:9/other",
			"failed", 1, 410, null, "bob");

	private static final DeliveryOutcome DELIVERED = new DeliveryOutcome("msg_1", "wh_1", "http://localhost:9/hook",
			"delivered", 2, 204, null, "alice");

	private final ChangeFeed feed = new ChangeFeed(Duration.ofHours(1), (lastEventId) -> List.of());

	private final RecordingSubscriber browser = new RecordingSubscriber();

	private final MutableClock clock = new MutableClock();

	private final DeliveryTracker tracker = new DeliveryTracker(this.feed, Duration.ofMinutes(2), 3, this.clock);

	@AfterEach
	void close() {
		this.feed.close();
	}

	@Test
	void publishesEachNewStateOfTheDeliveriesWithTheLogPositionAsId() {
		this.feed.subscribe(this.browser, null);
		this.tracker.updated("e1", WRITTEN, "p1");
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"), "p0");
		this.tracker.updated("e1", PENDING, "p2");
		assertThat(this.tracker.tracking()).isEqualTo(1);
		this.tracker.updated("e1", DELIVERED, "p3");
		await().until(() -> this.browser.events.size() == 3);
		assertThat(this.browser.events).extracting(FeedEvent::name)
			.containsOnly(FeedEvent.DELIVERIES);
		assertThat(this.browser.events).extracting(FeedEvent::id).containsExactly("p0", "p2", "p3");
		assertThat(this.browser.events).extracting((event) -> event.change().deliveries())
			.containsExactly(List.of(WRITTEN), List.of(PENDING), List.of(DELIVERED));
	}

	@Test
	void outcomesThatCameBeforeTheChangeAreShownWithIt() {
		this.feed.subscribe(this.browser, null);
		this.tracker.updated("e1", WRITTEN, "p4");
		this.tracker.updated("e1", DELIVERED, "p5");
		this.tracker.updated("e1", OTHER, "p6");
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"), "p0");
		await().until(() -> this.browser.events.size() == 1);
		assertThat(this.browser.events.get(0).change().deliveries()).containsExactly(DELIVERED, OTHER);
	}

	@Test
	void aLateOlderStateDoesNotHideANewerOne() {
		this.feed.subscribe(this.browser, null);
		this.tracker.updated("e1", WRITTEN, "p7");
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"), "p0");
		this.tracker.updated("e1", PENDING, "p8");
		this.tracker.updated("e1", WRITTEN, "p9");
		this.tracker.updated("e1", DELIVERED, "p10");
		await().until(() -> this.browser.events.size() == 3);
		assertThat(this.browser.events).extracting((event) -> event.change().deliveries())
			.containsExactly(List.of(WRITTEN), List.of(PENDING), List.of(DELIVERED));
	}

	@Test
	void aChangeWithoutDeliveriesSaysSoAndStillShowsAnOutcomeThatComesLater() {
		this.feed.subscribe(this.browser, null);
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"), "p0");
		// another instance's worker wrote the outcome; the log brought it after the change
		this.tracker.updated("e1", OTHER, "p1");
		await().until(() -> this.browser.events.size() == 2);
		assertThat(this.browser.events.get(0).change().deliveries()).isEmpty();
		assertThat(this.browser.events.get(1).change().deliveries()).containsExactly(OTHER);
		assertThat(this.tracker.change("e1")).isNotNull();
	}

	@Test
	void stopsFollowingADeliveryThatStaysPendingTooLong() {
		this.tracker.updated("e1", WRITTEN, "p11");
		this.tracker.track(change("e1", "T1001", "In Progress", "completed"), "p0");
		this.tracker.updated("e1", PENDING, "p12");
		assertThat(this.tracker.tracking()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(3));
		this.tracker.updated("e2", WRITTEN, "p13");
		assertThat(this.tracker.tracking()).isEqualTo(1);
	}

	@Test
	void followsAtMostItsCapacity() {
		for (int i = 0; i < 10; i++) {
			this.tracker.updated("e" + i, WRITTEN, "p14");
		}
		assertThat(this.tracker.tracking()).isEqualTo(3);
	}

}
