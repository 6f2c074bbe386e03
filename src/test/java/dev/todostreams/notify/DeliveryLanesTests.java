package dev.todostreams.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.todostreams.notify.DueQueue.Due;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lanes alone: the per-endpoint limit, a slow lane beside a fast one, the order of waiting rows, the fast path. */
class DeliveryLanesTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> mostRunning = new ConcurrentHashMap<>();

	private final List<String> started = new CopyOnWriteArrayList<>();

	private final List<String> dropped = new CopyOnWriteArrayList<>();

	private final DeliveryLanes lanes = new DeliveryLanes(8, 2, this::send, (due) -> this.dropped.add(due.deliveryId()));

	@AfterEach
	void tearDown() {
		this.release.countDown();
		this.lanes.stop(Duration.ofSeconds(5));
	}

	@Test
	void runsAtMostThePerEndpointLimitOfOneSubscriptionAndTheRestInTheOrderTheyCame() {
		this.lanes.start();
		for (int i = 1; i <= 5; i++) {
			this.lanes.offer(due("d" + i, "slow"));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.started.size() == 2);
		assertThat(this.lanes.waiting()).isEqualTo(3);

		this.lanes.offer(due("f1", "fast"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.started.contains("f1"));
		assertThat(this.started).as("the slow lane still holds its rows").hasSize(3);

		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.started.size() == 6);
		assertThat(this.mostRunning.get("slow")).hasValue(2);
		assertThat(this.lanes.waiting()).isZero();
	}

	@Test
	void rowsWaitingInALaneRunInTheOrderTheyCame() {
		DeliveryLanes single = new DeliveryLanes(4, 1, this::send, (due) -> this.dropped.add(due.deliveryId()));
		single.start();
		try {
			for (int i = 1; i <= 5; i++) {
				single.offer(due("d" + i, "slow"));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> single.waiting() == 4);
			this.release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.started.size() == 5);
			assertThat(this.started).containsExactly("d1", "d2", "d3", "d4", "d5");
			assertThat(this.mostRunning.get("slow")).hasValue(1);
		}
		finally {
			single.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aSuccessAfterFailuresReleasesTheBacklogOncePerStreak() {
		assertThat(this.lanes.succeeded("s1", null)).as("no failure seen").isFalse();
		this.lanes.failed("s1");
		assertThat(this.lanes.succeeded("s1", null)).as("failed here").isTrue();
		assertThat(this.lanes.succeeded("s1", null)).as("once").isFalse();

		Instant elsewhere = Instant.parse("2026-01-01T10:00:00Z");
		assertThat(this.lanes.succeeded("s1", elsewhere)).as("a streak recorded by another instance").isTrue();
		assertThat(this.lanes.succeeded("s1", elsewhere)).as("the same streak again").isFalse();
		assertThat(this.lanes.succeeded("s2", null)).as("lanes are apart").isFalse();
	}

	@Test
	void rowsOfferedToStoppedLanesAreDropped() {
		this.lanes.start();
		this.lanes.stop(Duration.ofSeconds(5));
		this.lanes.offer(due("late", "s1"));
		assertThat(this.dropped).containsExactly("late");
		assertThat(this.started).isEmpty();
	}

	private void send(Due due) {
		AtomicInteger now = this.running.computeIfAbsent(due.subscriptionId(), (id) -> new AtomicInteger());
		int count = now.incrementAndGet();
		this.mostRunning.computeIfAbsent(due.subscriptionId(), (id) -> new AtomicInteger())
			.accumulateAndGet(count, Math::max);
		this.started.add(due.deliveryId());
		try {
			if (due.subscriptionId().equals("slow")) {
				this.release.await(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			now.decrementAndGet();
		}
	}

	private static Due due(String id, String subscriptionId) {
		return new Due(id, subscriptionId, 0, Clock.systemUTC(), null, false);
	}

}
