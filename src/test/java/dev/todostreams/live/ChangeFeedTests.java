package dev.todostreams.live;

import java.time.Duration;
import java.util.List;

import dev.todostreams.live.LiveFixtures.RecordingSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.todostreams.live.LiveFixtures.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChangeFeedTests {

	private static final long FIRST = 1000;

	private final ChangeFeed feed = new ChangeFeed(3, Duration.ofHours(1), FIRST);

	@AfterEach
	void close() {
		this.feed.close();
	}

	@Test
	void sendsEveryChangeWithIncreasingIdsToEverySubscriber() {
		RecordingSubscriber one = subscribe(null);
		RecordingSubscriber two = subscribe(null);
		this.feed.publish(FeedEvent.CHANGE, change("e1", "T1001", "Not Started", "In Progress"));
		this.feed.publish(FeedEvent.CHANGE, change("e2", "T1001", "In Progress", "completed"));
		await().until(() -> two.events.size() == 2);
		assertThat(one.events).extracting(FeedEvent::id).containsExactly(FIRST, FIRST + 1);
		assertThat(two.events).extracting(FeedEvent::id).containsExactly(FIRST, FIRST + 1);
		assertThat(one.events.get(1).change().id()).isEqualTo(FIRST + 1);
		assertThat(one.events.get(1).name()).isEqualTo(FeedEvent.CHANGE);
	}

	@Test
	void replaysOnlyTheEventsAfterTheLastEventId() {
		publish("e1", "e2", "e3");
		await().until(() -> this.feed.lastId() == FIRST + 2);
		RecordingSubscriber reconnected = subscribe(Long.toString(FIRST));
		this.feed.publish(FeedEvent.CHANGE, change("e4", "T1002", "Not Started", "completed"));
		await().until(() -> reconnected.events.size() == 3);
		assertThat(reconnected.eventIds()).containsExactly("e2", "e3", "e4");
	}

	@Test
	void aClientThatIsUpToDateGetsNothingReplayed() {
		publish("e1");
		await().until(() -> this.feed.lastId() == FIRST);
		RecordingSubscriber reconnected = subscribe(Long.toString(FIRST));
		this.feed.publish(FeedEvent.CHANGE, change("e2", "T1001", "In Progress", "completed"));
		await().until(() -> !reconnected.events.isEmpty());
		assertThat(reconnected.eventIds()).containsExactly("e2");
	}

	@Test
	void resetsAClientWhoseMissedEventsAreNoLongerBuffered() {
		publish("e1", "e2", "e3", "e4", "e5");
		await().until(() -> this.feed.lastId() == FIRST + 4);
		assertThat(this.feed.missedSince(Long.toString(FIRST))).extracting(FeedEvent::name)
			.containsExactly(FeedEvent.RESET);
		assertThat(this.feed.missedSince(Long.toString(FIRST + 1))).extracting((e) -> e.change().eventId())
			.containsExactly("e3", "e4", "e5");
	}

	@Test
	void resetsAClientWithAnIdFromAnotherFeedOrGarbage() {
		publish("e1");
		await().until(() -> this.feed.lastId() == FIRST);
		assertThat(this.feed.missedSince("17")).extracting(FeedEvent::name).containsExactly(FeedEvent.RESET);
		assertThat(this.feed.missedSince(Long.toString(FIRST + 99))).extracting(FeedEvent::name)
			.containsExactly(FeedEvent.RESET);
		assertThat(this.feed.missedSince("not-a-number")).extracting(FeedEvent::name)
			.containsExactly(FeedEvent.RESET);
		assertThat(this.feed.missedSince(null)).isEmpty();
		assertThat(this.feed.missedSince(Long.toString(FIRST - 1))).hasSize(1);
	}

	@Test
	void showsARedeliveredRecordOnce() {
		RecordingSubscriber subscriber = subscribe(null);
		publish("e1", "e1", "e2");
		await().until(() -> this.feed.lastId() == FIRST + 1);
		await().until(() -> subscriber.events.size() == 2);
		assertThat(subscriber.eventIds()).containsExactly("e1", "e2");
	}

	@Test
	void dropsAndClosesASubscriberWhoseConnectionBroke() {
		RecordingSubscriber healthy = subscribe(null);
		RecordingSubscriber broken = subscribe(null);
		await().until(() -> this.feed.subscribers() == 2);
		broken.broken = true;
		publish("e1");
		await().until(() -> this.feed.subscribers() == 1);
		assertThat(broken.closed).isTrue();
		assertThat(healthy.closed).isFalse();
		assertThat(healthy.eventIds()).containsExactly("e1");
	}

	@Test
	void heartbeatsKeepConnectionsAliveAndFindDeadOnes() {
		try (ChangeFeed fast = new ChangeFeed(10, Duration.ofMillis(20), FIRST)) {
			RecordingSubscriber alive = new RecordingSubscriber();
			RecordingSubscriber dead = new RecordingSubscriber();
			fast.subscribe(alive, null);
			fast.subscribe(dead, null);
			await().until(() -> alive.heartbeats.get() >= 2);
			dead.broken = true;
			await().until(() -> fast.subscribers() == 1);
			assertThat(dead.closed).isTrue();
		}
	}

	@Test
	void unsubscribeReleasesTheSubscriber() {
		RecordingSubscriber subscriber = subscribe(null);
		await().until(() -> this.feed.subscribers() == 1);
		this.feed.unsubscribe(subscriber);
		await().until(() -> this.feed.subscribers() == 0);
		publish("e1");
		await().until(() -> this.feed.lastId() == FIRST);
		assertThat(subscriber.events).isEmpty();
	}

	@Test
	void recentShowsTheLatestStateOfEachChangeInOrder() {
		ChangeEvent first = change("e1", "T1001", "Not Started", "In Progress");
		this.feed.publish(FeedEvent.CHANGE, first);
		this.feed.publish(FeedEvent.CHANGE, change("e2", "T1002", "In Progress", "completed"));
		this.feed.publish(FeedEvent.DELIVERIES, first.withDeliveries(
				List.of(new ChangeEvent.DeliveryOutcome("msg_1", "wh_1", "http://localhost/hook", "delivered", 1, 204, null, "alice"))));
		await().until(() -> this.feed.lastId() == FIRST + 2);
		List<ChangeEvent> recent = this.feed.recent(10);
		assertThat(recent).extracting(ChangeEvent::eventId).containsExactly("e1", "e2");
		assertThat(recent.get(0).deliveries()).singleElement().extracting(ChangeEvent.DeliveryOutcome::state)
			.isEqualTo("delivered");
		assertThat(this.feed.recent(1)).extracting(ChangeEvent::eventId).containsExactly("e2");
	}

	@Test
	void closeEndsEveryConnectionAndIgnoresLaterEvents() {
		RecordingSubscriber subscriber = subscribe(null);
		await().until(() -> this.feed.subscribers() == 1);
		this.feed.close();
		assertThat(subscriber.closed).isTrue();
		assertThat(this.feed.subscribers()).isZero();
		this.feed.publish(FeedEvent.CHANGE, change("e1", "T1001", "Not Started", "In Progress"));
		assertThat(this.feed.lastId()).isEqualTo(FIRST - 1);
	}

	private RecordingSubscriber subscribe(String lastEventId) {
		RecordingSubscriber subscriber = new RecordingSubscriber();
		this.feed.subscribe(subscriber, lastEventId);
		return subscriber;
	}

	private void publish(String... eventIds) {
		for (String eventId : eventIds) {
			this.feed.publish(FeedEvent.CHANGE, change(eventId, "T1001", "Not Started", "In Progress"));
		}
	}

}
