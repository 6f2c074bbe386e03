package dev.todostreams.stream.kcl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.todostreams.emulator.EmulatorOptions;
import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.ChangeProcessor;
import dev.todostreams.stream.DeadLetterStore;
import dev.todostreams.stream.IdempotencyStore;
import dev.todostreams.stream.InMemoryDeadLetterStore;
import dev.todostreams.stream.InMemoryIdempotencyStore;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.ItemChangeListeners;
import dev.todostreams.stream.RetryPolicy;
import dev.todostreams.stream.Sleeper;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.stream.dynamodb.DynamoDbIdempotencyStore;
import dev.todostreams.stream.dynamodb.StreamTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Numbers for docs/BENCHMARKS.md. Run with {@code mvn -o test -Dtest=StreamConsumerBenchmarkTests -Dbenchmark=true}.
 * Timings are printed, not asserted.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class StreamConsumerBenchmarkTests {

	@Test
	void startupToFirstChange() {
		for (StreamProperties.Preset preset : List.of(StreamProperties.Preset.FAST, StreamProperties.Preset.SAFE)) {
			try (StreamTestEnvironment env = StreamTestEnvironment.start().withTodoTable()) {
				Counting counting = new Counting();
				long started = System.nanoTime();
				StreamConsumer consumer = consumer(env, preset, counting, new InMemoryIdempotencyStore(Clock.systemUTC()));
				try {
					consumer.start();
					long ready = System.nanoTime();
					env.putTodo("T1", "Not Started", 1);
					await().atMost(Duration.ofMinutes(3)).until(() -> counting.count.get() == 1);
					long first = System.nanoTime();
					System.out.printf("BENCH startup preset=%s start->ready=%d ms ready->first=%d ms start->first=%d ms%n",
							preset, ms(ready - started), ms(first - ready), ms(first - started));
				}
				finally {
					consumer.kill();
				}
			}
		}
	}

	@Test
	void latencyAt50ChangesPerSecond() throws Exception {
		for (boolean dynamoIdempotency : List.of(true, false)) {
			try (StreamTestEnvironment env = StreamTestEnvironment.start().withTodoTable()) {
				IdempotencyStore idempotency = idempotency(env, dynamoIdempotency);
				Map<String, Long> writtenAt = new ConcurrentHashMap<>();
				List<Long> latencies = new CopyOnWriteArrayList<>();
				ItemChangeListener listener = new Counting() {
					@Override
					public void onChange(ItemChange change) {
						Long at = writtenAt.get(key(change));
						if (at != null) {
							latencies.add(System.nanoTime() - at);
						}
						super.onChange(change);
					}
				};
				StreamConsumer consumer = consumer(env, StreamProperties.Preset.FAST, listener, idempotency);
				consumer.start();
				env.putTodo("warmup", "Not Started", 1);
				await().atMost(Duration.ofSeconds(60)).until(() -> ((Counting) listener).count.get() >= 1);
				int total = 1000;
				AtomicInteger sent = new AtomicInteger();
				ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
				writer.scheduleAtFixedRate(() -> {
					int n = sent.incrementAndGet();
					if (n > total) {
						return;
					}
					String id = "T" + (n % 50);
					writtenAt.put(id + "@" + n, System.nanoTime());
					env.putTodo(id, (n % 2 == 0) ? "In Progress" : "completed", n);
				}, 0, 20, TimeUnit.MILLISECONDS);
				await().atMost(Duration.ofMinutes(2)).until(() -> latencies.size() >= total);
				writer.shutdownNow();
				consumer.kill();
				List<Long> sorted = new ArrayList<>(latencies);
				Collections.sort(sorted);
				System.out.printf("BENCH latency@50/s idempotency=%s n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms%n",
						dynamoIdempotency ? "dynamodb" : "memory", sorted.size(), ms(percentile(sorted, 50)),
						ms(percentile(sorted, 90)), ms(percentile(sorted, 99)), ms(sorted.get(sorted.size() - 1)));
			}
		}
	}

	@Test
	void sustainedRateWithOneShard() {
		for (boolean dynamoIdempotency : List.of(true, false)) {
			try (StreamTestEnvironment env = StreamTestEnvironment.start().withTodoTable()) {
				int total = 5000;
				for (int n = 1; n <= total; n++) {
					env.putTodo("T" + (n % 500), (n % 2 == 0) ? "In Progress" : "completed", n);
				}
				Counting counting = new Counting();
				AtomicLong firstAt = new AtomicLong();
				ItemChangeListener timed = new Counting() {
					@Override
					public void onChange(ItemChange change) {
						firstAt.compareAndSet(0, System.nanoTime());
						counting.onChange(change);
					}
				};
				StreamConsumer consumer = consumer(env, StreamProperties.Preset.FAST, timed,
						idempotency(env, dynamoIdempotency));
				consumer.start();
				await().atMost(Duration.ofMinutes(5)).until(() -> counting.count.get() >= total);
				long elapsed = System.nanoTime() - firstAt.get();
				consumer.kill();
				System.out.printf("BENCH drain idempotency=%s changes=%d in %d ms = %.0f changes/s%n",
						dynamoIdempotency ? "dynamodb" : "memory", total, ms(elapsed),
						total / (elapsed / 1_000_000_000.0));
				assertThat(counting.count.get()).isGreaterThanOrEqualTo(total);
			}
		}
	}

	private static IdempotencyStore idempotency(StreamTestEnvironment env, boolean dynamo) {
		if (!dynamo) {
			return new InMemoryIdempotencyStore(Clock.systemUTC());
		}
		StreamTables.ensure(env.dynamo(), "Idempotency", true);
		return new DynamoDbIdempotencyStore(env.dynamo(), "Idempotency", Duration.ofHours(48), Clock.systemUTC());
	}

	private static StreamConsumer consumer(StreamTestEnvironment env, StreamProperties.Preset preset,
			ItemChangeListener listener, IdempotencyStore idempotency) {
		StreamProperties properties = StreamProperties.defaults(StreamTestEnvironment.TABLE, preset)
			.withApplicationName(ConsumerHarness.uniqueApplicationName())
			.withWorkerId("bench");
		ItemChangeListeners listeners = new ItemChangeListeners(List.of(listener));
		DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
		return new StreamConsumer(properties, properties.effectiveTiming(preset), env.dynamo(), env.dynamoAsync(),
				env.streams(), env.cloudWatch(),
				(owner) -> new ChangeProcessor(listeners, idempotency, deadLetters, RetryPolicy.defaults(),
						Duration.ofMinutes(1), ChangeProcessingObserver.NONE, Sleeper.THREAD, Clock.systemUTC(), owner));
	}

	private static String key(ItemChange change) {
		return change.keys().get("TodoID").s() + "@" + change.latestImage().get("Version").n();
	}

	private static long percentile(List<Long> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	private static long ms(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	static class Counting implements ItemChangeListener {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public String id() {
			return "bench";
		}

		@Override
		public void onChange(ItemChange change) {
			this.count.incrementAndGet();
		}

	}

}
