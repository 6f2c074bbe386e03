package dev.todostreams.stream.kcl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.InMemoryDeadLetterStore;
import dev.todostreams.stream.InMemoryIdempotencyStore;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.testsupport.RunsBeside;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer starts in the background and says when it holds its leases (what readiness waits for), against the
 * real KCL on the embedded emulator.
 */
@RunsBeside
class StreamConsumerReadinessIntegrationTests {

	private final List<AutoCloseable> cleanup = new ArrayList<>();

	private final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore(Clock.systemUTC());

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final List<ItemChange> changes = new CopyOnWriteArrayList<>();

	private final ItemChangeListener recorder = new ItemChangeListener() {
		@Override
		public String id() {
			return "recorder";
		}

		@Override
		public void onChange(ItemChange change) {
			StreamConsumerReadinessIntegrationTests.this.changes.add(change);
		}
	};

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.cleanup.size() - 1; i >= 0; i--) {
			this.cleanup.get(i).close();
		}
	}

	private StreamTestEnvironment environment() {
		StreamTestEnvironment env = StreamTestEnvironment.start().withTodoTable();
		this.cleanup.add(env);
		return env;
	}

	private StreamConsumer consumer(StreamTestEnvironment env, String app, String worker) {
		StreamConsumer consumer = ConsumerHarness.consumer(env, app, worker, List.of(this.recorder), this.idempotency,
				this.deadLetters, ChangeProcessingObserver.NONE);
		this.cleanup.add(consumer::kill);
		return consumer;
	}

	@Test
	void startReturnsBeforeKclInitializedAndLeasesComeLater() {
		StreamTestEnvironment env = environment();
		StreamConsumer consumer = consumer(env, ConsumerHarness.uniqueApplicationName(), "w1");
		consumer.start();
		// KCL still has to create its lease table and sync shards on the worker thread
		assertThat(consumer.state()).isEqualTo(StreamConsumer.State.STARTING);
		assertThat(consumer.holdsLeases()).isFalse();
		assertThat(consumer.isRunning()).isTrue();
		env.putTodo("T1", "Not Started", 1);

		await().atMost(Duration.ofSeconds(30)).until(consumer::holdsLeases);
		assertThat(consumer.state()).isEqualTo(StreamConsumer.State.RUNNING);
		assertThat(consumer.shards()).as("holding leases means consuming a shard").isNotEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.changes.size() == 1);
		assertThat(this.changes.get(0).keys().get("TodoID").s()).isEqualTo("T1");
	}

	@Test
	void heldDeliveriesLetKclTakeTheLeaseButNoChangeThroughUntilOpened() {
		StreamTestEnvironment env = environment();
		StreamConsumer consumer = consumer(env, ConsumerHarness.uniqueApplicationName(), "w1");
		consumer.holdDeliveries();
		consumer.start();
		env.putTodo("T1", "Not Started", 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> consumer.state() == StreamConsumer.State.RUNNING);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> this.changes.isEmpty());
		assertThat(consumer.shards()).as("no shard starts while held").isEmpty();
		assertThat(consumer.holdsLeases()).isFalse();

		consumer.openDeliveries();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.changes.size() == 1);
		await().atMost(Duration.ofSeconds(10)).until(consumer::holdsLeases);
	}

	@Test
	void aWorkerWithoutShardsIsReadyOnceAnotherHoldsThem() {
		StreamTestEnvironment env = environment();
		String app = ConsumerHarness.uniqueApplicationName();
		StreamConsumer first = consumer(env, app, "w1");
		first.start();
		await().atMost(Duration.ofSeconds(30)).until(first::holdsLeases);

		// one shard, already held: the second worker gets none and must not stay unready for ever
		StreamConsumer second = consumer(env, app, "w2");
		second.start();
		await().atMost(Duration.ofSeconds(30)).until(second::holdsLeases);
		assertThat(first.shards().size() + second.shards().size()).isEqualTo(1);
	}

	@Test
	void stopWhileStartingNeverRunsTheScheduler() {
		StreamTestEnvironment env = environment();
		StreamConsumer consumer = consumer(env, ConsumerHarness.uniqueApplicationName(), "w1");
		consumer.start();
		consumer.stop();
		assertThat(consumer.state()).isEqualTo(StreamConsumer.State.STOPPED);
		assertThat(consumer.isRunning()).isFalse();
		env.putTodo("T1", "Not Started", 1);
		// a scheduler that ran anyway would take the lease and deliver T1; stopped, nothing holds leases
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> this.changes.isEmpty());
		assertThat(consumer.holdsLeases()).isFalse();
	}

	@Test
	void missingStreamFailsInTheBackgroundWithTheReason() {
		StreamTestEnvironment env = StreamTestEnvironment.start();
		this.cleanup.add(env);
		StreamConsumer consumer = consumer(env, ConsumerHarness.uniqueApplicationName(), "w1");
		env.dynamo().createTable((r) -> r.tableName(StreamTestEnvironment.TABLE)
			.keySchema((k) -> k.attributeName("TodoID").keyType("HASH"))
			.attributeDefinitions((a) -> a.attributeName("TodoID").attributeType("S"))
			.billingMode("PAY_PER_REQUEST"));
		consumer.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> consumer.failure() != null);
		assertThat(consumer.failure()).hasMessageContaining("has no stream");
		assertThat(consumer.state()).isEqualTo(StreamConsumer.State.STOPPED);
		assertThat(consumer.holdsLeases()).isFalse();
	}

}
