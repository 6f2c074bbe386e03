package dev.todostreams.stream.kcl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.todostreams.emulator.EmulatorOptions;
import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.stream.dynamodb.DynamoDbDeadLetterStore;
import dev.todostreams.stream.dynamodb.DynamoDbIdempotencyStore;
import dev.todostreams.stream.dynamodb.StreamTables;
import dev.todostreams.testsupport.RunsBeside;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two KCL workers share one lease table; the one holding the shard is killed mid-stream. The survivor takes over:
 * every change takes effect exactly once, in order per item.
 */
@RunsBeside
class ScaleOutIntegrationTests {

	private static final int ITEMS = 5;

	private static final int VERSIONS = 40;

	@Test
	void survivorTakesOverAKilledWorkersShardWithoutLosingOrRepeatingAnEffect() throws Exception {
		try (StreamTestEnvironment env = StreamTestEnvironment
			.start(EmulatorOptions.defaults().withShardRolloverRecords(50)).withTodoTable()) {
			StreamTables.ensure(env.dynamo(), "Idempotency", true);
			StreamTables.ensure(env.dynamo(), "DeadLetters", true);
			DynamoDbIdempotencyStore idempotency = new DynamoDbIdempotencyStore(env.dynamo(), "Idempotency",
					Duration.ofHours(48), Clock.systemUTC());
			DynamoDbDeadLetterStore deadLetters = new DynamoDbDeadLetterStore(env.dynamo(), "DeadLetters",
					Duration.ofDays(1), Clock.systemUTC());
			Effects effects = new Effects();
			String app = ConsumerHarness.uniqueApplicationName();
			StreamConsumer one = ConsumerHarness.consumer(env, app, "worker-1", List.of(effects), idempotency,
					deadLetters, ChangeProcessingObserver.NONE);
			StreamConsumer two = ConsumerHarness.consumer(env, app, "worker-2", List.of(effects), idempotency,
					deadLetters, ChangeProcessingObserver.NONE);
			ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
			try {
				one.start();
				two.start();
				CompletableFuture<Void> written = writeAllVersions(env, writer);
				await().atMost(Duration.ofSeconds(60)).until(() -> effects.total.get() >= ITEMS * VERSIONS / 4);
				StreamConsumer victim = !one.shards().isEmpty() ? one : two;
				StreamConsumer survivor = (victim == one) ? two : one;
				victim.kill();
				written.get(120, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(90))
					.until(() -> effects.distinct().size() == ITEMS * VERSIONS);
				assertThat(effects.total.get()).isEqualTo(ITEMS * VERSIONS);
				assertThat(effects.duplicates()).isEmpty();
				for (int item = 1; item <= ITEMS; item++) {
					assertThat(effects.versionsOf("T" + item)).as("effects of T" + item).isSorted()
						.hasSize(VERSIONS);
				}
				assertThat(survivor.state()).isEqualTo(StreamConsumer.State.RUNNING);
				assertThat(victim.state()).isEqualTo(StreamConsumer.State.STOPPED);
				assertThat(deadLetters.list(10)).isEmpty();
			}
			finally {
				writer.shutdownNow();
				one.kill();
				two.kill();
			}
		}
	}

	/**
	 * Writes version 1..VERSIONS of every item, one version every 100 ms (about 50 changes/s), so that the stream is
	 * still being written while a worker is killed. The writes are scheduled, not timed by waiting: the writer thread
	 * is idle between them.
	 */
	private static CompletableFuture<Void> writeAllVersions(StreamTestEnvironment env, ScheduledExecutorService writer) {
		CompletableFuture<Void> written = new CompletableFuture<>();
		AtomicInteger version = new AtomicInteger();
		ScheduledFuture<?> task = writer.scheduleAtFixedRate(() -> {
			int next = version.incrementAndGet();
			if (next > VERSIONS || written.isDone()) {
				return;
			}
			try {
				for (int item = 1; item <= ITEMS; item++) {
					env.putTodo("T" + item, "In Progress", next);
				}
				if (next == VERSIONS) {
					written.complete(null);
				}
			}
			catch (RuntimeException ex) {
				written.completeExceptionally(ex);
			}
		}, 0, 100, TimeUnit.MILLISECONDS);
		written.whenComplete((result, failure) -> task.cancel(false));
		return written;
	}

	static final class Effects implements ItemChangeListener {

		final AtomicInteger total = new AtomicInteger();

		final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		final Map<String, List<Integer>> versions = new ConcurrentHashMap<>();

		@Override
		public String id() {
			return "effects";
		}

		@Override
		public void onChange(ItemChange change) {
			String todo = change.keys().get("TodoID").s();
			int version = Integer.parseInt(change.latestImage().get("Version").n());
			this.counts.computeIfAbsent(todo + "@" + version, (k) -> new AtomicInteger()).incrementAndGet();
			this.versions.computeIfAbsent(todo, (k) -> new CopyOnWriteArrayList<>()).add(version);
			this.total.incrementAndGet();
		}

		java.util.Set<String> distinct() {
			return this.counts.keySet();
		}

		List<String> duplicates() {
			List<String> result = new ArrayList<>();
			this.counts.forEach((key, count) -> {
				if (count.get() > 1) {
					result.add(key + " x" + count.get());
				}
			});
			return result;
		}

		List<Integer> versionsOf(String todo) {
			return this.versions.getOrDefault(todo, List.of());
		}

	}

}
