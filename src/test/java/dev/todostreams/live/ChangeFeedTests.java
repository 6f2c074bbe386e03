package dev.todostreams.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.todostreams.live.LiveFixtures.RecordingSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.todostreams.live.LiveFixtures.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChangeFeedTests {

	/** What the change log answers a reconnect: e2 and e3 after p1, a reset for anything else. */
	private final List<String> replayedFor = new ArrayList<>();

	private final ChangeFeed feed = new ChangeFeed(Duration.ofHours(1), (lastEventId) -> {
		this.replayedFor.add(lastEventId);
		return "p1".equals(lastEventId) ? List.of(event("p2", "e2"), event("p3", "e3"))
				: List.of(new FeedEvent("p9", FeedEvent.RESET, null));
	});

	@AfterEach
	void close() {
		this.feed.close();
	}

	@Test
	void sendsEveryEventWithItsLogPositionToEverySubscriber() {
		RecordingSubscriber one = subscribe(null);
		RecordingSubscriber two = subscribe(null);
		this.feed.publish(event("p1", "e1"));
		this.feed.publish(event("p2", "e2"));
		await().until(() -> two.events.size() == 2);
		assertThat(one.events).extracting(FeedEvent::id).containsExactly("p1", "p2");
		assertThat(two.events).extracting(FeedEvent::id).containsExactly("p1", "p2");
		assertThat(one.events.get(1).name()).isEqualTo(FeedEvent.CHANGE);
		assertThat(this.replayedFor).as("no Last-Event-ID, nothing to replay").isEmpty();
	}

	@Test
	void replaysWhatTheLogHasAfterTheLastEventIdAndDoesNotSendItTwice() {
		RecordingSubscriber reconnected = subscribe("p1");
		await().until(() -> this.feed.subscribers() == 1);
		// the log's tail publishes p3 once it settles: this client got it in its replay already
		this.feed.publish(event("p3", "e3"));
		this.feed.publish(event("p4", "e4"));
		await().until(() -> reconnected.events.size() == 3);
		assertThat(reconnected.eventIds()).containsExactly("e2", "e3", "e4");
		assertThat(this.replayedFor).containsExactly("p1");
	}

	@Test
	void aResetFromTheLogIsPassedOn() {
		RecordingSubscriber stale = subscribe("garbage");
		await().until(() -> !stale.events.isEmpty());
		assertThat(stale.events).extracting(FeedEvent::name).containsExactly(FeedEvent.RESET);
		assertThat(stale.events.get(0).id()).isEqualTo("p9");
	}

	@Test
	void dropsAndClosesASubscriberWhoseConnectionBroke() {
		RecordingSubscriber healthy = subscribe(null);
		RecordingSubscriber broken = subscribe(null);
		await().until(() -> this.feed.subscribers() == 2);
		broken.broken = true;
		this.feed.publish(event("p1", "e1"));
		await().until(() -> this.feed.subscribers() == 1);
		assertThat(broken.closed).isTrue();
		assertThat(healthy.closed).isFalse();
		assertThat(healthy.eventIds()).containsExactly("e1");
	}

	@Test
	void heartbeatsKeepConnectionsAliveAndFindDeadOnes() {
		try (ChangeFeed fast = new ChangeFeed(Duration.ofMillis(20), (lastEventId) -> List.of())) {
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
		RecordingSubscriber other = subscribe(null);
		await().until(() -> this.feed.subscribers() == 2);
		this.feed.unsubscribe(subscriber);
		await().until(() -> this.feed.subscribers() == 1);
		this.feed.publish(event("p1", "e1"));
		await().until(() -> other.events.size() == 1);
		assertThat(subscriber.events).isEmpty();
	}

	@Test
	void closeEndsEveryConnectionAndIgnoresLaterEvents() {
		RecordingSubscriber subscriber = subscribe(null);
		await().until(() -> this.feed.subscribers() == 1);
		this.feed.close();
		assertThat(subscriber.closed).isTrue();
		assertThat(this.feed.subscribers()).isZero();
		this.feed.publish(event("p1", "e1"));
		assertThat(subscriber.events).isEmpty();
	}

	private RecordingSubscriber subscribe(String lastEventId) {
		RecordingSubscriber subscriber = new RecordingSubscriber();
		this.feed.subscribe(subscriber, lastEventId);
		return subscriber;
	}

	private static FeedEvent event(String position, String eventId) {
		return new FeedEvent(position, FeedEvent.CHANGE,
				change(eventId, "T1001", "Not Started", "In Progress").withId(position));
	}

}
