package dev.todostreams.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.testsupport.MutableClock;
import dev.todostreams.live.LiveFixtures.RecordingSubscriber;
import dev.todostreams.stream.StreamTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.todostreams.live.LiveFixtures.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The change log on the embedded emulator: idempotent appends, position order, the late index, the tail. */
class ChangeLogTests {

	private static StreamTestEnvironment env;

	private static int tables;

	private final MutableClock clock = new MutableClock();

	private final ChangeLogProperties properties = ChangeLogProperties.defaults();

	private ChangeLog changeLog;

	private ChangeFeed feed;

	private ChangeLogTail tail;

	@BeforeAll
	static void start() {
		env = StreamTestEnvironment.start();
	}

	@AfterAll
	static void stop() {
		env.close();
	}

	@AfterEach
	void closeFeed() {
		if (this.feed != null) {
			this.feed.close();
		}
	}

	private ChangeLog newLog() {
		String name = "ChangeLog" + (++tables);
		env.dynamo().createTable(ChangeLog.table("TodoChangeLog").createTableRequest(name));
		this.changeLog = new ChangeLog(env.dynamo(), name, this.properties.retention(), this.properties.lateAfter(),
				this.clock);
		return this.changeLog;
	}

	private ChangeLogTail newTail() {
		this.feed = new ChangeFeed(Duration.ofHours(1), (lastEventId) -> this.tail.replay(lastEventId));
		this.tail = new ChangeLogTail(this.changeLog, this.feed, DeliveryFollower.NONE, this.properties);
		return this.tail;
	}

	@Test
	void aRecordAppendedTwiceIsInTheLogOnce() {
		ChangeLog log = newLog();
		Instant created = this.clock.instant();
		ChangeLogEntry first = log.appendChange(change("e1", "T1", "Not Started", "In Progress"), created, "100");
		assertThat(first).isNotNull();
		assertThat(log.appendChange(change("e1", "T1", "Not Started", "In Progress"), created, "100")).isNull();
		List<ChangeLogEntry> entries = log.after(ChangeLogPosition.floor(created.minusSeconds(1)), created, 100);
		assertThat(entries).singleElement().satisfies((entry) -> {
			assertThat(entry.position()).isEqualTo(first.position());
			assertThat(entry.change().eventId()).isEqualTo("e1");
			assertThat(entry.change().id()).isEqualTo(first.position());
			assertThat(entry.change().to()).isEqualTo("In Progress");
			assertThat(entry.change().version()).isEqualTo(2L);
		});
	}

	@Test
	void entriesComeInPositionOrderAcrossMinuteBucketsAndAfterAPosition() {
		ChangeLog log = newLog();
		Instant start = Instant.parse("2024-03-25T09:59:59.900Z");
		this.clock.set(start.plusSeconds(1));
		log.appendChange(change("e3", "T1", "In Progress", "completed"), start.plusMillis(200), "300");
		log.appendChange(change("e1", "T1", null, "Not Started"), start, "100");
		log.appendChange(change("e2", "T2", null, "Not Started"), start, "200");
		List<ChangeLogEntry> all = log.after(ChangeLogPosition.floor(start), start.plusSeconds(1), 100);
		assertThat(all).extracting(ChangeLogEntry::eventId).containsExactly("e1", "e2", "e3");
		assertThat(ChangeLogPosition.bucket(all.get(0).position())).isEqualTo("2024-03-25T09:59");
		assertThat(ChangeLogPosition.bucket(all.get(2).position())).isEqualTo("2024-03-25T10:00");
		assertThat(log.after(all.get(0).position(), start.plusSeconds(1), 100)).extracting(ChangeLogEntry::eventId)
			.containsExactly("e2", "e3");
		assertThat(log.after(all.get(0).position(), start.plusSeconds(1), 1)).extracting(ChangeLogEntry::eventId)
			.containsExactly("e2");
	}

	@Test
	void aChangeAppendedLateIsFoundThroughTheLateIndex() {
		ChangeLog log = newLog();
		Instant created = this.clock.instant();
		this.clock.advance(Duration.ofSeconds(30));
		log.appendChange(change("late", "T1", "Not Started", "In Progress"), created, "100");
		log.appendChange(change("onTime", "T2", "Not Started", "In Progress"), this.clock.instant(), "200");
		await().until(() -> !log.lateSince(this.clock.instant().minusSeconds(1), this.clock.instant()).isEmpty());
		assertThat(log.lateSince(this.clock.instant().minusSeconds(1), this.clock.instant()))
			.extracting(ChangeLogEntry::eventId)
			.containsExactly("late");
	}

	@Test
	void deliveryOutcomesKeepTheirOwner() {
		ChangeLog log = newLog();
		DeliveryOutcome outcome = new DeliveryOutcome("msg_1", "wh_1", "http://localhost/hook", "delivered", 1, 204,
				null, "alice");
		ChangeLogEntry written = log.appendDelivery("e1", outcome);
		assertThat(log.after(ChangeLogPosition.floor(this.clock.instant().minusSeconds(1)), this.clock.instant(), 10))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.position()).isEqualTo(written.position());
				assertThat(entry.delivery()).isEqualTo(outcome);
				assertThat(entry.eventId()).isEqualTo("e1");
			});
	}

	@Test
	void theTailPublishesSettledEntriesInPositionOrder() {
		ChangeLog log = newLog();
		ChangeLogTail tail = newTail();
		RecordingSubscriber browser = new RecordingSubscriber();
		this.feed.subscribe(browser, null);
		Instant now = this.clock.instant();
		log.appendChange(change("e2", "T2", null, "Not Started"), now.minusMillis(10), "200");
		tail.poll();
		log.appendChange(change("e1", "T1", null, "Not Started"), now.minusMillis(20), "100");
		tail.poll();
		assertThat(browser.events).as("nothing before it settles").isEmpty();
		this.clock.advance(Duration.ofMillis(200));
		tail.poll();
		tail.poll();
		await().until(() -> browser.events.size() == 2);
		assertThat(browser.eventIds()).containsExactly("e1", "e2");
		assertThat(tail.head()).isEqualTo(browser.events.get(1).id());
	}

	@Test
	void aReplayGetsWhatFollowsThePositionAndAResetWhenItIsGoneOrGarbage() {
		ChangeLog log = newLog();
		ChangeLogTail tail = newTail();
		Instant now = this.clock.instant();
		ChangeLogEntry first = log.appendChange(change("e1", "T1", null, "Not Started"), now, "100");
		log.appendChange(change("e2", "T1", "Not Started", "In Progress"), now, "200");
		assertThat(tail.replay(first.position())).extracting((event) -> event.change().eventId())
			.containsExactly("e2");
		assertThat(tail.replay("42")).extracting(FeedEvent::name).containsExactly(FeedEvent.RESET);
		assertThat(tail.replay(ChangeLogPosition.floor(now.minus(Duration.ofHours(25))) + "-1"))
			.extracting(FeedEvent::name)
			.containsExactly(FeedEvent.RESET);
	}

}
