package dev.todostreams.stream.kcl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.todostreams.emulator.EmulatorOptions;
import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.DeadLetter;
import dev.todostreams.stream.InMemoryDeadLetterStore;
import dev.todostreams.stream.InMemoryIdempotencyStore;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.RecordingListener;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.stream.UnprocessableChangeException;
import dev.todostreams.testsupport.RunsBeside;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real KCL 3.3 + adapter 2.0.1 consumer against the embedded emulator. */
@RunsBeside
class StreamConsumerIntegrationTests {

	private final List<AutoCloseable> cleanup = new ArrayList<>();

	private final Recorder recorder = new Recorder("recorder");

	private final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore(Clock.systemUTC());

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final Set<String> shardsSeen = ConcurrentHashMap.newKeySet();

	private final ChangeProcessingObserver shardObserver = new ChangeProcessingObserver() {
		@Override
		public void changeProcessed(String shardId, ItemChange change) {
			StreamConsumerIntegrationTests.this.shardsSeen.add(shardId);
		}
	};

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.cleanup.size() - 1; i >= 0; i--) {
			this.cleanup.get(i).close();
		}
	}

	private StreamTestEnvironment environment(EmulatorOptions options) {
		StreamTestEnvironment env = StreamTestEnvironment.start(options).withTodoTable();
		this.cleanup.add(env);
		return env;
	}

	private StreamConsumer start(StreamTestEnvironment env, String app, String worker, ItemChangeListener... listeners) {
		StreamConsumer consumer = ConsumerHarness.consumer(env, app, worker, List.of(listeners), this.idempotency,
				this.deadLetters, this.shardObserver);
		this.cleanup.add(consumer::kill);
		consumer.start();
		return consumer;
	}

	@Test
	void deliversEveryChangeWithBothImagesInOrderPerItem() {
		StreamTestEnvironment env = environment(EmulatorOptions.defaults());
		Instant starting = Instant.now();
		StreamConsumer consumer = start(env, ConsumerHarness.uniqueApplicationName(), "w1", this.recorder);
		Instant ready = Instant.now();
		env.putTodo("T1", "Not Started", 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.recorder.changes.size() == 1);
		Instant first = Instant.now();
		System.out.printf("stream consumer start-up: initialized in %d ms, first change handled %d ms after ready%n",
				Duration.between(starting, ready).toMillis(), Duration.between(ready, first).toMillis());
		env.putTodo("T1", "In Progress", 2);
		env.putTodo("T2", "Not Started", 1);
		env.putTodo("T1", "completed", 3);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.recorder.changes.size() == 4);
		assertThat(this.recorder.versionsOf("T1")).containsExactly(1, 2, 3);
		ItemChange completed = this.recorder.changes.get(3);
		assertThat(completed.operation()).isEqualTo(ItemChange.Operation.MODIFY);
		assertThat(completed.oldValue("Status")).isEqualTo(AttributeValue.fromS("In Progress"));
		assertThat(completed.newValue("Status")).isEqualTo(AttributeValue.fromS("completed"));
		assertThat(consumer.state()).isEqualTo(StreamConsumer.State.RUNNING);
		assertThat(consumer.shards()).isNotEmpty();
	}

	@Test
	void childShardsStartOnlyAfterTheirParentsAreDone() {
		StreamTestEnvironment env = environment(EmulatorOptions.defaults().withShardRolloverRecords(5));
		start(env, ConsumerHarness.uniqueApplicationName(), "w1", this.recorder);
		for (int version = 1; version <= 23; version++) {
			env.putTodo("T1", "In Progress", version);
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.recorder.changes.size() == 23);
		assertThat(this.recorder.versionsOf("T1")).isSorted().hasSize(23).doesNotHaveDuplicates();
		assertThat(this.shardsSeen).hasSizeGreaterThanOrEqualTo(4);
	}

	@Test
	void badRecordIsDeadLetteredWithItsReasonAndTheShardContinues() {
		StreamTestEnvironment env = environment(EmulatorOptions.defaults());
		ItemChangeListener strict = new Recorder("strict") {
			@Override
			public void onChange(ItemChange change) {
				AttributeValue status = change.newValue("Status");
				if (status == null || status.s() == null) {
					throw new UnprocessableChangeException("Status is missing or not a string");
				}
				super.onChange(change);
			}
		};
		start(env, ConsumerHarness.uniqueApplicationName(), "w1", strict);
		env.putItem(Map.of("TodoID", AttributeValue.fromS("T9"), "Status", AttributeValue.fromN("3")));
		env.putTodo("T10", "Not Started", 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> ((Recorder) strict).changes.size() == 1);
		assertThat(((Recorder) strict).versionsOf("T10")).containsExactly(1);
		assertThat(this.deadLetters.list(10)).singleElement()
			.satisfies((DeadLetter d) -> {
				assertThat(d.handlerId()).isEqualTo("strict");
				assertThat(d.reason()).contains("Status is missing or not a string");
				assertThat(d.change().keys()).containsEntry("TodoID", AttributeValue.fromS("T9"));
			});
	}

	@Test
	void gracefulStopCheckpointsSoTheNextWorkerDoesNotStartOver() {
		StreamTestEnvironment env = environment(EmulatorOptions.defaults());
		String app = ConsumerHarness.uniqueApplicationName();
		StreamConsumer first = start(env, app, "w1", this.recorder);
		env.putTodo("T1", "Not Started", 1);
		env.putTodo("T1", "In Progress", 2);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.recorder.changes.size() == 2);
		first.stop();
		assertThat(first.state()).isEqualTo(StreamConsumer.State.STOPPED);

		// fresh idempotency store: only the checkpoint can keep the second worker from redoing T1
		Recorder second = new Recorder("recorder");
		StreamConsumer next = ConsumerHarness.consumer(env, app, "w2", List.of(second),
				new InMemoryIdempotencyStore(Clock.systemUTC()), this.deadLetters, ChangeProcessingObserver.NONE);
		this.cleanup.add(next::kill);
		next.start();
		env.putTodo("T2", "Not Started", 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> second.changes.size() >= 1);
		assertThat(second.changes).extracting((c) -> c.keys().get("TodoID").s()).containsExactly("T2");
	}

	static class Recorder extends RecordingListener {

		Recorder(String id) {
			super(id);
		}

		List<Integer> versionsOf(String todoId) {
			return this.changes.stream()
				.filter((c) -> c.keys().get("TodoID").s().equals(todoId))
				.map((c) -> Integer.parseInt(c.latestImage().get("Version").n()))
				.toList();
		}

	}

}
