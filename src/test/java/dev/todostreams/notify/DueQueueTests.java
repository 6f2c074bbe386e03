package dev.todostreams.notify;

import java.time.Duration;
import java.util.Set;

import dev.todostreams.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The due queue on a clock the test moves: due order, ties in queueing order, ids held once. */
class DueQueueTests {

	private final MutableClock clock = MutableClock.startingNow();

	private final DueQueue queue = new DueQueue(this.clock);

	@Test
	void handsOutEntriesOnlyOnceDueAndInDueOrder() throws InterruptedException {
		long now = this.clock.millis();
		this.queue.schedule("later", "s1", now + 60_000);
		this.queue.schedule("now", "s1", now);
		this.queue.schedule("also-now", "s2", now);
		assertThat(this.queue.poll(0).deliveryId()).isEqualTo("now");
		assertThat(this.queue.poll(0).deliveryId()).as("same millisecond: queueing order").isEqualTo("also-now");
		assertThat(this.queue.poll(0)).as("not due yet").isNull();

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.queue.poll(0).deliveryId()).isEqualTo("later");
	}

	@Test
	void aRowHeldHereIsNotScheduledTwiceUntilReleased() throws InterruptedException {
		long now = this.clock.millis();
		this.queue.schedule("d1", "s1", now);
		this.queue.schedule("d1", "s1", now);
		assertThat(this.queue.size()).isEqualTo(1);
		assertThat(this.queue.take("d1")).isFalse();

		this.queue.poll(0);
		this.queue.release("d1");
		this.queue.schedule("d1", "s1", now);
		assertThat(this.queue.size()).isEqualTo(1);

		this.queue.releaseAll(Set.of("d1"));
		assertThat(this.queue.take("d1")).isTrue();
	}

	@Test
	void anEarlyEntryIsMarkedAndHoldsItsRow() throws InterruptedException {
		this.queue.putEarly("d1", "s1", this.clock.millis());
		assertThat(this.queue.take("d1")).isFalse();
		DueQueue.Due due = this.queue.poll(0);
		assertThat(due.early()).isTrue();
		assertThat(due.row()).isNull();
	}

	@Test
	void clearForgetsEntriesAndHeldIds() {
		this.queue.schedule("d1", "s1", this.clock.millis());
		this.queue.clear();
		assertThat(this.queue.size()).isZero();
		assertThat(this.queue.take("d1")).isTrue();
	}

}
