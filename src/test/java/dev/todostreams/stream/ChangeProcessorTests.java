package dev.todostreams.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import static dev.todostreams.stream.Av.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeProcessorTests {

	private static final Instant NOW = Instant.parse("2024-03-20T10:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore(this.clock);

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final List<Duration> sleeps = new ArrayList<>();

	private final List<String> checkpoints = new ArrayList<>();

	private final Checkpointer checkpointer = this.checkpoints::add;

	private final FakeLease lease = new FakeLease();

	private Sleeper sleeper = this.sleeps::add;

	private RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofMillis(150), false);

	static Record record(String eventId, String sequenceNumber, String todoId) {
		return Record.builder().eventID(eventId).eventName(OperationType.MODIFY)
			.dynamodb(StreamRecord.builder().keys(item("TodoID", s(todoId)))
				.oldImage(item("TodoID", s(todoId), "Status", s("In Progress")))
				.newImage(item("TodoID", s(todoId), "Status", s("completed"))).sequenceNumber(sequenceNumber)
				.approximateCreationDateTime(NOW).build())
			.build();
	}

	private ChangeProcessor processor(ItemChangeListener... listeners) {
		return processor("worker-1", listeners);
	}

	private ChangeProcessor processor(String owner, ItemChangeListener... listeners) {
		return new ChangeProcessor(new ItemChangeListeners(List.of(listeners)), this.idempotency, this.deadLetters,
				this.retry, Duration.ofMinutes(1), Duration.ofSeconds(4), ChangeProcessingObserver.NONE,
				(d) -> this.sleeper.sleep(d), this.clock, owner);
	}

	@Test
	void handlesRecordsInOrderAndCheckpointsTheLast() {
		Recorder recorder = new Recorder("recorder");
		ChangeProcessor.Outcome outcome = processor(recorder).process("shard-1",
				List.of(record("e1", "100", "T1"), record("e2", "101", "T1"), record("e3", "102", "T2")),
				this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.COMPLETED);
		assertThat(recorder.eventIds).containsExactly("e1", "e2", "e3");
		assertThat(this.checkpoints).containsExactly("102");
	}

	@Test
	void redeliveredBatchHasNoSecondEffect() {
		Recorder recorder = new Recorder("recorder");
		ChangeProcessor processor = processor(recorder);
		List<Record> batch = List.of(record("e1", "100", "T1"), record("e2", "101", "T1"));
		processor.process("shard-1", batch, this.checkpointer, this.lease);
		processor.process("shard-1", batch, this.checkpointer, this.lease);
		assertThat(recorder.eventIds).containsExactly("e1", "e2");
		assertThat(this.checkpoints).containsExactly("101", "101");
	}

	@Test
	void anotherWorkerRedeliveringADoneChangeHasNoSecondEffect() {
		Recorder first = new Recorder("recorder");
		Recorder second = new Recorder("recorder");
		processor("worker-1", first).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		processor("worker-2", second).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		assertThat(first.eventIds).containsExactly("e1");
		assertThat(second.eventIds).isEmpty();
	}

	@Test
	void effectsAreTrackedPerHandler() {
		Recorder a = new Recorder("a");
		Recorder b = new Recorder("b");
		processor(a, b).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		assertThat(this.idempotency.isCompleted("e1", "a")).isTrue();
		assertThat(this.idempotency.isCompleted("e1", "b")).isTrue();
		assertThat(this.idempotency.isCompleted("e1", "c")).isFalse();
		assertThat(a.eventIds).containsExactly("e1");
		assertThat(b.eventIds).containsExactly("e1");
	}

	@Test
	void aRetriedRecordDoesNotRepeatTheEffectOfAHandlerThatSucceeded() {
		Recorder a = new Recorder("a");
		Flaky b = new Flaky("b", 1);
		this.retry = new RetryPolicy(3, Duration.ofMillis(10), 2.0, Duration.ofSeconds(1), false);
		processor(a, b).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		assertThat(a.eventIds).containsExactly("e1");
		assertThat(b.calls).hasValue(2);
	}

	@Test
	void failingHandlerIsRetriedWithBackoffUntilItSucceeds() {
		Flaky flaky = new Flaky("flaky", 2);
		ChangeProcessor.Outcome outcome = processor(flaky).process("shard-1", List.of(record("e1", "100", "T1")),
				this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.COMPLETED);
		assertThat(flaky.calls).hasValue(3);
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
		assertThat(this.deadLetters.list(10)).isEmpty();
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void handlerFailingEveryAttemptIsDeadLetteredAndTheShardContinues() {
		Failing failing = new Failing("failing", (c) -> c.eventId().equals("e1"));
		ChangeProcessor.Outcome outcome = processor(failing).process("shard-1",
				List.of(record("e1", "100", "T1"), record("e2", "101", "T2")), this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.COMPLETED);
		assertThat(failing.calls).hasValue(4);
		assertThat(this.checkpoints).containsExactly("101");
		DeadLetter deadLetter = this.deadLetters.find("e1:failing").orElseThrow();
		assertThat(deadLetter.attempts()).isEqualTo(3);
		assertThat(deadLetter.reason()).contains("IllegalStateException").contains("boom");
		assertThat(deadLetter.error()).contains("at dev.todostreams.stream");
		assertThat(deadLetter.shardId()).isEqualTo("shard-1");
		assertThat(deadLetter.sequenceNumber()).isEqualTo("100");
		assertThat(deadLetter.change()).isNotNull();
		assertThat(deadLetter.change().newValue("Status")).isEqualTo(s("completed"));
		assertThat(deadLetter.deadLetteredAt()).isEqualTo(NOW);
	}

	@Test
	void deadLetteredChangeIsNotHandledAgainWhenRedelivered() {
		Failing failing = new Failing("failing", (c) -> true);
		ChangeProcessor processor = processor(failing);
		processor.process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		processor.process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		assertThat(failing.calls).hasValue(3);
		assertThat(this.deadLetters.list(10)).hasSize(1);
	}

	@Test
	void retryForeverNeverDeadLettersAndNeverCheckpointsPastTheFailure() {
		this.retry = new RetryPolicy(1, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), true);
		Failing failing = new Failing("failing", (c) -> c.eventId().equals("e2"));
		this.sleeper = (d) -> {
			this.sleeps.add(d);
			if (this.sleeps.size() == 20) {
				this.lease.stopRequested = true;
			}
		};
		ChangeProcessor.Outcome outcome = processor(failing).process("shard-1",
				List.of(record("e1", "100", "T1"), record("e2", "101", "T2"), record("e3", "102", "T3")),
				this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.STOPPED);
		assertThat(failing.calls).hasValue(21);
		assertThat(this.deadLetters.list(10)).isEmpty();
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void leaseLostWhileRetryingStopsWithoutCheckpoint() {
		this.retry = new RetryPolicy(1, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), true);
		Failing failing = new Failing("failing", (c) -> c.eventId().equals("e2"));
		this.sleeper = (d) -> {
			this.sleeps.add(d);
			this.lease.held = this.sleeps.size() < 3;
		};
		ChangeProcessor.Outcome outcome = processor(failing).process("shard-1",
				List.of(record("e1", "100", "T1"), record("e2", "101", "T2")), this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.LEASE_LOST);
		assertThat(this.checkpoints).isEmpty();
	}

	@Test
	void leaseLostBeforeTheBatchHandlesNothing() {
		Recorder recorder = new Recorder("recorder");
		this.lease.held = false;
		ChangeProcessor.Outcome outcome = processor(recorder).process("shard-1", List.of(record("e1", "100", "T1")),
				this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.LEASE_LOST);
		assertThat(recorder.eventIds).isEmpty();
		assertThat(this.checkpoints).isEmpty();
	}

	@Test
	void stopRequestedCheckpointsWhatIsFinished() {
		Recorder recorder = new Recorder("recorder") {
			@Override
			public void onChange(ItemChange change) {
				super.onChange(change);
				ChangeProcessorTests.this.lease.stopRequested = true;
			}
		};
		ChangeProcessor.Outcome outcome = processor(recorder).process("shard-1",
				List.of(record("e1", "100", "T1"), record("e2", "101", "T1")), this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.STOPPED);
		assertThat(recorder.eventIds).containsExactly("e1");
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void unprocessableChangeIsDeadLetteredAtOnceWithItsReason() {
		ItemChangeListener picky = new Recorder("picky") {
			@Override
			public void onChange(ItemChange change) {
				throw new UnprocessableChangeException("Status is a number, expected a string");
			}
		};
		Recorder after = new Recorder("after");
		processor(picky, after).process("shard-1", List.of(record("e1", "100", "T1"), record("e2", "101", "T2")),
				this.checkpointer, this.lease);
		assertThat(this.sleeps).isEmpty();
		assertThat(this.deadLetters.find("e1:picky").orElseThrow().reason())
			.contains("Status is a number, expected a string");
		assertThat(this.deadLetters.find("e1:picky").orElseThrow().attempts()).isEqualTo(1);
		assertThat(after.eventIds).containsExactly("e1", "e2");
		assertThat(this.checkpoints).containsExactly("101");
	}

	@Test
	void unprocessableChangeDetectedByTheFilterIsDeadLettered() {
		ItemChangeListener picky = new Recorder("picky") {
			@Override
			public boolean accepts(ItemChange change) {
				throw new UnprocessableChangeException("not a todo: no TodoID");
			}
		};
		processor(picky).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		assertThat(this.deadLetters.find("e1:picky").orElseThrow().reason()).isEqualTo(
				"UnprocessableChangeException: not a todo: no TodoID");
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void undecodableRecordIsDeadLetteredAndTheShardContinues() {
		Recorder recorder = new Recorder("recorder");
		Record broken = Record.builder().eventID("bad").eventName(OperationType.INSERT)
			.dynamodb(StreamRecord.builder().sequenceNumber("100").build()).build();
		processor(recorder).process("shard-1", List.of(broken, record("e2", "101", "T2")), this.checkpointer,
				this.lease);
		DeadLetter deadLetter = this.deadLetters.find("bad:" + DeadLetter.DECODER).orElseThrow();
		assertThat(deadLetter.change()).isNull();
		assertThat(deadLetter.reason()).contains("ApproximateCreationDateTime");
		assertThat(recorder.eventIds).containsExactly("e2");
		assertThat(this.checkpoints).containsExactly("101");
	}

	@Test
	void listenerThatDoesNotAcceptAChangeLeavesNoIdempotencyRecord() {
		Recorder recorder = new Recorder("recorder") {
			@Override
			public boolean accepts(ItemChange change) {
				return false;
			}
		};
		processor(recorder).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		assertThat(recorder.eventIds).isEmpty();
		assertThat(this.idempotency.isCompleted("e1", "recorder")).isFalse();
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void deadLetterStoreOutageIsRetriedAndNoRecordIsSkipped() {
		AtomicInteger outages = new AtomicInteger(2);
		DeadLetterStore flakyStore = new DeadLetterStore() {
			@Override
			public void put(DeadLetter deadLetter) {
				if (outages.getAndDecrement() > 0) {
					throw new IllegalStateException("table unavailable");
				}
				ChangeProcessorTests.this.deadLetters.put(deadLetter);
			}

			@Override
			public List<DeadLetter> list(int limit) {
				return ChangeProcessorTests.this.deadLetters.list(limit);
			}

			@Override
			public java.util.Optional<DeadLetter> find(String id) {
				return ChangeProcessorTests.this.deadLetters.find(id);
			}

			@Override
			public void delete(String id) {
				ChangeProcessorTests.this.deadLetters.delete(id);
			}
		};
		ChangeProcessor processor = new ChangeProcessor(
				new ItemChangeListeners(List.of(new Failing("failing", (c) -> true))), this.idempotency, flakyStore,
				this.retry, Duration.ofMinutes(1), ChangeProcessingObserver.NONE, this.sleeps::add, this.clock, "w");
		processor.process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		assertThat(this.deadLetters.find("e1:failing")).isPresent();
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void aShardStartIsToldToEveryObserver() {
		List<String> first = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<String> second = new java.util.concurrent.CopyOnWriteArrayList<>();
		ChangeProcessingObserver observers = ChangeProcessingObserver.composite(List.of(new ChangeProcessingObserver() {
			@Override
			public void shardStarted(String shardId) {
				first.add(shardId);
			}
		}, new ChangeProcessingObserver() {
			@Override
			public void shardStarted(String shardId) {
				second.add(shardId);
			}
		}));
		ChangeProcessor processor = new ChangeProcessor(new ItemChangeListeners(List.of()), this.idempotency,
				this.deadLetters, this.retry, Duration.ofMinutes(1), observers, this.sleeps::add, this.clock, "w");
		processor.shardStarted("shard-7");
		assertThat(first).containsExactly("shard-7");
		assertThat(second).containsExactly("shard-7");
	}

	@Test
	void dyingWhileTheDeadLetterStoreIsDownCheckpointsNothing() {
		ChangeProcessor processor = new ChangeProcessor(
				new ItemChangeListeners(List.of(new Failing("failing", (c) -> true))), this.idempotency,
				new BrokenDeadLetters(), this.retry, Duration.ofMinutes(1), ChangeProcessingObserver.NONE, (d) -> {
					this.sleeps.add(d);
					this.lease.held = this.sleeps.size() < 6;
				}, this.clock, "w");
		ChangeProcessor.Outcome outcome = processor.process("shard-1", List.of(record("e1", "100", "T1")),
				this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.LEASE_LOST);
		assertThat(this.checkpoints).isEmpty();
		assertThat(this.idempotency.isCompleted("e1", "failing")).isFalse();
	}

	@Test
	void waitsForAnotherWorkerHoldingTheClaimAndSkipsOnceItCompletes() {
		Recorder recorder = new Recorder("recorder");
		assertThat(this.idempotency.claim("e1", "recorder", "worker-2", Duration.ofMinutes(1)))
			.isEqualTo(IdempotencyStore.Claim.ACQUIRED);
		this.sleeper = (d) -> {
			this.sleeps.add(d);
			this.idempotency.complete("e1", "recorder", "worker-2");
		};
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		assertThat(recorder.eventIds).isEmpty();
		assertThat(this.sleeps).hasSize(1);
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void takesOverTheExpiredClaimOfADeadWorker() {
		Recorder recorder = new Recorder("recorder");
		this.idempotency.claim("e1", "recorder", "dead-worker", Duration.ofSeconds(-1));
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		assertThat(recorder.eventIds).containsExactly("e1");
	}

	@Test
	void aNewLeaseHolderTakesOverAnEarlierHoldersClaimsOnceTheHandlerTimeoutHasPassedSinceItGotTheLease() {
		Recorder recorder = new Recorder("recorder");
		// the crashed holder claimed the whole batch for minutes
		this.idempotency.claimAll(List.of(new IdempotencyStore.Key("e1", "recorder"),
				new IdempotencyStore.Key("e2", "recorder")), "crashed-worker", Duration.ofMinutes(5));
		this.lease.heldSince = NOW.minusSeconds(4);
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1"), record("e2", "101", "T1")),
				this.checkpointer, this.lease);
		assertThat(recorder.eventIds).containsExactly("e1", "e2");
		assertThat(this.sleeps).isEmpty();
		assertThat(this.checkpoints).containsExactly("101");
		assertThat(this.idempotency.isCompleted("e2", "recorder")).isTrue();
	}

	@Test
	void aFreshLeaseHolderTakesOverAtOnceWhenTheEarlierHolderLostTheLeaseAHandlerTimeoutAgo() {
		Recorder recorder = new Recorder("recorder");
		this.idempotency.claim("e1", "recorder", "crashed-worker", Duration.ofMinutes(5));
		this.lease.heldSince = NOW.minusMillis(100);
		this.lease.earlierHoldersLostBy = NOW.minusSeconds(4);
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		assertThat(recorder.eventIds).containsExactly("e1");
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void aPairTheBulkClaimFoundHeldElsewhereIsAskedAgainWithoutWaiting() {
		// the other worker finishes e2 while this one handles e1: e2 is then skipped at once, no backoff
		Recorder recorder = new Recorder("recorder") {
			@Override
			public void onChange(ItemChange change) {
				super.onChange(change);
				ChangeProcessorTests.this.idempotency.complete("e2", "recorder", "other-worker");
			}
		};
		this.idempotency.claim("e2", "recorder", "other-worker", Duration.ofMinutes(5));
		this.lease.heldSince = NOW;
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1"), record("e2", "101", "T1")),
				this.checkpointer, this.lease);
		assertThat(recorder.eventIds).containsExactly("e1");
		assertThat(this.sleeps).isEmpty();
		assertThat(this.checkpoints).containsExactly("101");
	}

	@Test
	void anEarlierHolderThatLostTheLeaseRecentlyIsStillWaitedFor() {
		Recorder recorder = new Recorder("recorder");
		this.idempotency.claim("e1", "recorder", "zombie-worker", Duration.ofMinutes(5));
		this.lease.heldSince = NOW.minusMillis(100);
		this.lease.earlierHoldersLostBy = NOW.minusSeconds(1);
		this.sleeper = (d) -> {
			this.sleeps.add(d);
			this.idempotency.complete("e1", "recorder", "zombie-worker");
		};
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		assertThat(recorder.eventIds).isEmpty();
		assertThat(this.sleeps).isNotEmpty();
	}

	@Test
	void aFreshLeaseHolderWaitsWhileAnEarlierHolderMightStillBeInsideAHandler() {
		Recorder recorder = new Recorder("recorder");
		this.idempotency.claim("e1", "recorder", "zombie-worker", Duration.ofMinutes(5));
		this.lease.heldSince = NOW.minusSeconds(1);
		// the zombie finishes its handler while the new holder waits: no second effect
		this.sleeper = (d) -> {
			this.sleeps.add(d);
			this.idempotency.complete("e1", "recorder", "zombie-worker");
		};
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		assertThat(recorder.eventIds).isEmpty();
		assertThat(this.sleeps).isNotEmpty();
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void withoutAKnownLeaseTermForeignClaimsAreNotTakenOver() {
		Recorder recorder = new Recorder("recorder");
		this.idempotency.claim("e1", "recorder", "other", Duration.ofMinutes(5));
		this.sleeper = (d) -> {
			this.sleeps.add(d);
			if (this.sleeps.size() == 3) {
				this.lease.held = false;
			}
		};
		ChangeProcessor.Outcome outcome = processor("worker-1", recorder).process("shard-1",
				List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.LEASE_LOST);
		assertThat(recorder.eventIds).isEmpty();
		assertThat(this.checkpoints).isEmpty();
	}

	@Test
	void aRestartedWorkerWithTheSameIdTakesItsOwnClaimsAtOnce() {
		Recorder recorder = new Recorder("recorder");
		this.idempotency.claim("e1", "recorder", "worker-1", Duration.ofMinutes(5));
		processor("worker-1", recorder).process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer,
				this.lease);
		assertThat(recorder.eventIds).containsExactly("e1");
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void aHandlerOverItsTimeoutIsInterruptedRetriedAndTheInterruptDoesNotLeak() {
		AtomicInteger calls = new AtomicInteger();
		List<Boolean> interruptedAfter = new CopyOnWriteArrayList<>();
		ItemChangeListener slow = new ItemChangeListener() {
			@Override
			public String id() {
				return "slow";
			}

			@Override
			public void onChange(ItemChange change) throws Exception {
				if (calls.incrementAndGet() == 1) {
					new java.util.concurrent.CountDownLatch(1).await(); // only an interrupt ends this
				}
			}
		};
		this.sleeper = (d) -> {
			interruptedAfter.add(Thread.currentThread().isInterrupted());
			this.sleeps.add(d);
		};
		ChangeProcessor processor = new ChangeProcessor(new ItemChangeListeners(List.of(slow)), this.idempotency,
				this.deadLetters, this.retry, Duration.ofMinutes(1), Duration.ofMillis(200),
				ChangeProcessingObserver.NONE, (d) -> this.sleeper.sleep(d), this.clock, "w");
		ChangeProcessor.Outcome outcome = processor.process("shard-1", List.of(record("e1", "100", "T1")),
				this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.COMPLETED);
		assertThat(calls).hasValue(2);
		assertThat(interruptedAfter).containsExactly(false);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(this.idempotency.isCompleted("e1", "slow")).isTrue();
		assertThat(this.checkpoints).containsExactly("100");
	}

	@Test
	void failingCheckpointDoesNotFailTheBatch() {
		Recorder recorder = new Recorder("recorder");
		ChangeProcessor.Outcome outcome = processor(recorder).process("shard-1", List.of(record("e1", "100", "T1")),
				(seq) -> {
					throw new IllegalStateException("throttled");
				}, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.COMPLETED);
		assertThat(recorder.eventIds).containsExactly("e1");
	}

	@Test
	void replayRunsTheHandlerAndRemovesTheDeadLetter() throws Exception {
		Failing failing = new Failing("failing", (c) -> true);
		ChangeProcessor processor = processor(failing);
		processor.process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		DeadLetter deadLetter = this.deadLetters.find("e1:failing").orElseThrow();
		failing.failWhen = (c) -> false;
		processor.replay(deadLetter);
		assertThat(failing.handled).containsExactly("e1");
		assertThat(this.deadLetters.find("e1:failing")).isEmpty();
	}

	@Test
	void failedReplayKeepsTheDeadLetter() {
		Failing failing = new Failing("failing", (c) -> true);
		ChangeProcessor processor = processor(failing);
		processor.process("shard-1", List.of(record("e1", "100", "T1")), this.checkpointer, this.lease);
		DeadLetter deadLetter = this.deadLetters.find("e1:failing").orElseThrow();
		assertThatThrownBy(() -> processor.replay(deadLetter)).hasMessageContaining("boom");
		assertThat(this.deadLetters.find("e1:failing")).isPresent();
	}

	@Test
	void replayOfAnUndecodableRecordIsRefused() {
		DeadLetter deadLetter = new DeadLetter("x:" + DeadLetter.DECODER, "x", DeadLetter.DECODER, "s", "1", null,
				"bad", null, 1, NOW);
		assertThatThrownBy(() -> processor(new Recorder("r")).replay(deadLetter))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void listenerIdsMustBeUnique() {
		assertThatThrownBy(() -> new ItemChangeListeners(List.of(new Recorder("same"), new Recorder("same"))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("same");
	}

	@Test
	void claimsAndCompletionsOfABatchAreWrittenInBulk() {
		CountingStore counting = new CountingStore(this.idempotency);
		ChangeProcessor processor = new ChangeProcessor(new ItemChangeListeners(List.of(new Recorder("a"))),
				counting, this.deadLetters, this.retry, Duration.ofMinutes(1), ChangeProcessingObserver.NONE,
				this.sleeps::add, this.clock, "w1");
		processor.process("shard-1", List.of(record("e1", "100", "T1"), record("e2", "101", "T2"),
				record("e3", "102", "T3")), this.checkpointer, this.lease);
		assertThat(counting.claimAllCalls).hasValue(1);
		assertThat(counting.singleClaims).hasValue(0);
		assertThat(counting.completeAllCalls).hasValue(1);
		assertThat(this.idempotency.isCompleted("e3", "a")).isTrue();
	}

	@Test
	void leaseLostMidBatchRecordsFinishedEffectsAndReleasesTheRestForTheNextOwner() {
		Recorder recorder = new Recorder("recorder") {
			@Override
			public void onChange(ItemChange change) {
				super.onChange(change);
				ChangeProcessorTests.this.lease.held = false;
			}
		};
		ChangeProcessor.Outcome outcome = processor("worker-1", recorder).process("shard-1",
				List.of(record("e1", "100", "T1"), record("e2", "101", "T2")), this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.LEASE_LOST);
		assertThat(this.checkpoints).isEmpty();
		assertThat(this.idempotency.isCompleted("e1", "recorder")).isTrue();
		assertThat(this.idempotency.claim("e2", "recorder", "worker-2", Duration.ofMinutes(1)))
			.isEqualTo(IdempotencyStore.Claim.ACQUIRED);
	}

	@Test
	void backoffGrowsAndIsCapped() {
		RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), 3.0, Duration.ofSeconds(1), false);
		assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(300));
		assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(900));
		assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(1));
		assertThat(policy.exhausted(9)).isFalse();
		assertThat(policy.exhausted(10)).isTrue();
		assertThat(new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, true).exhausted(1000)).isFalse();
	}

	static class Recorder extends RecordingListener {

		Recorder(String id) {
			super(id);
		}

	}

	static final class Flaky implements ItemChangeListener {

		final String id;

		final AtomicInteger calls = new AtomicInteger();

		final int failures;

		Flaky(String id, int failures) {
			this.id = id;
			this.failures = failures;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public void onChange(ItemChange change) {
			if (this.calls.incrementAndGet() <= this.failures) {
				throw new IllegalStateException("transient");
			}
		}

	}

	static final class Failing implements ItemChangeListener {

		final String id;

		final AtomicInteger calls = new AtomicInteger();

		final List<String> handled = new ArrayList<>();

		Predicate<ItemChange> failWhen;

		Failing(String id, Predicate<ItemChange> failWhen) {
			this.id = id;
			this.failWhen = failWhen;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public void onChange(ItemChange change) {
			this.calls.incrementAndGet();
			if (this.failWhen.test(change)) {
				throw new IllegalStateException("boom");
			}
			this.handled.add(change.eventId());
		}

	}

	// ---------------------------------------------------------------- slices and bulk listeners

	private static List<Record> records(int count, int todos) {
		List<Record> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			out.add(record("e" + i, Integer.toString(1000 + i), "T" + (i % todos)));
		}
		return out;
	}

	@Test
	void aBatchIsProcessedInSlicesOfAHundredWithOneCheckpointEach() {
		Bulk bulk = new Bulk("bulk");
		ChangeProcessor.Outcome outcome = processor(bulk).process("shard-1", records(250, 7), this.checkpointer,
				this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.COMPLETED);
		assertThat(bulk.calls).extracting(List::size).containsExactly(100, 100, 50);
		assertThat(bulk.handled()).containsExactlyElementsOf(records(250, 7).stream().map(Record::eventID).toList());
		assertThat(this.checkpoints).containsExactly("1099", "1199", "1249");
		assertThat(this.idempotency.isCompleted("e249", "bulk")).isTrue();
	}

	@Test
	void theListenersRunInTheirOrderOverEachSliceAndEachChangeOnlyOnce() {
		List<String> order = new CopyOnWriteArrayList<>();
		Bulk first = new Bulk("first", order);
		Recorder second = new Recorder("second") {
			@Override
			public void onChange(ItemChange change) {
				order.add("second:" + change.eventId());
				super.onChange(change);
			}
		};
		processor(first, second).process("shard-1", records(3, 3), this.checkpointer, this.lease);
		processor(first, second).process("shard-1", records(3, 3), this.checkpointer, this.lease);
		assertThat(order).containsExactly("first:e0", "first:e1", "first:e2", "second:e0", "second:e1", "second:e2");
	}

	@Test
	void aFailedBulkCallIsRetriedChangeByChangeWithoutASecondEffectForWhatIsDone() {
		Bulk bulk = new Bulk("bulk");
		bulk.failBulk = true;
		ChangeProcessor.Outcome outcome = processor(bulk).process("shard-1", records(5, 2), this.checkpointer,
				this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.COMPLETED);
		assertThat(bulk.singles).containsExactly("e0", "e1", "e2", "e3", "e4");
		assertThat(this.checkpoints).containsExactly("1004");
		assertThat(this.deadLetters.list(10)).isEmpty();
	}

	@Test
	void aChangeClaimedElsewhereEndsTheBulkRunSoNoLaterChangeOvertakesIt() {
		Bulk bulk = new Bulk("bulk");
		// e2 is being handled by another worker; its claim frees up after one backoff
		this.idempotency.claim("e2", "bulk", "worker-2", Duration.ofMinutes(1));
		this.sleeper = (d) -> {
			this.sleeps.add(d);
			this.idempotency.complete("e2", "bulk", "worker-2");
		};
		processor(bulk).process("shard-1", records(5, 5), this.checkpointer, this.lease);
		assertThat(bulk.calls).extracting((call) -> call.stream().map(ItemChange::eventId).toList())
			.containsExactly(List.of("e0", "e1"), List.of("e3", "e4"));
		assertThat(bulk.singles).isEmpty();
		assertThat(this.checkpoints).containsExactly("1004");
	}

	@Test
	void aLeaseLostDuringASliceCheckpointsNothingOfIt() {
		Bulk bulk = new Bulk("bulk");
		Recorder second = new Recorder("second") {
			@Override
			public void onChange(ItemChange change) {
				super.onChange(change);
				ChangeProcessorTests.this.lease.held = false;
			}
		};
		ChangeProcessor.Outcome outcome = processor(bulk, second).process("shard-1", records(150, 3),
				this.checkpointer, this.lease);
		assertThat(outcome).isEqualTo(ChangeProcessor.Outcome.LEASE_LOST);
		assertThat(this.checkpoints).isEmpty();
		assertThat(bulk.calls).hasSize(1);
		assertThat(this.idempotency.isCompleted("e99", "bulk")).as("what happened is recorded").isTrue();
		assertThat(second.eventIds).containsExactly("e0");
	}

	static class Bulk implements BulkItemChangeListener {

		final String id;

		final List<String> order;

		final List<List<ItemChange>> calls = new ArrayList<>();

		final List<String> singles = new ArrayList<>();

		boolean failBulk;

		Bulk(String id) {
			this(id, new ArrayList<>());
		}

		Bulk(String id, List<String> order) {
			this.id = id;
			this.order = order;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public void onChanges(List<ItemChange> changes) {
			if (this.failBulk) {
				throw new IllegalStateException("bulk write failed");
			}
			this.calls.add(List.copyOf(changes));
			changes.forEach((change) -> this.order.add(this.id + ":" + change.eventId()));
		}

		@Override
		public void onChange(ItemChange change) {
			this.singles.add(change.eventId());
			this.order.add(this.id + ":" + change.eventId());
		}

		List<String> handled() {
			return this.calls.stream().flatMap(List::stream).map(ItemChange::eventId).toList();
		}

	}

	static final class BrokenDeadLetters implements DeadLetterStore {

		@Override
		public void put(DeadLetter deadLetter) {
			throw new IllegalStateException("down");
		}

		@Override
		public List<DeadLetter> list(int limit) {
			return List.of();
		}

		@Override
		public java.util.Optional<DeadLetter> find(String id) {
			return java.util.Optional.empty();
		}

		@Override
		public void delete(String id) {
		}

	}

	static final class CountingStore implements IdempotencyStore {

		final IdempotencyStore delegate;

		final AtomicInteger claimAllCalls = new AtomicInteger();

		final AtomicInteger singleClaims = new AtomicInteger();

		final AtomicInteger completeAllCalls = new AtomicInteger();

		CountingStore(IdempotencyStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public Claim claim(String eventId, String handlerId, String owner, Duration claimTimeout, boolean takeOver) {
			this.singleClaims.incrementAndGet();
			return this.delegate.claim(eventId, handlerId, owner, claimTimeout, takeOver);
		}

		@Override
		public java.util.Map<Key, Claim> claimAll(List<Key> keys, String owner, Duration claimTimeout,
				boolean takeOver) {
			this.claimAllCalls.incrementAndGet();
			java.util.Map<Key, Claim> result = new java.util.LinkedHashMap<>();
			keys.forEach((k) -> result.put(k,
					this.delegate.claim(k.eventId(), k.handlerId(), owner, claimTimeout, takeOver)));
			return result;
		}

		@Override
		public void complete(String eventId, String handlerId, String owner) {
			this.delegate.complete(eventId, handlerId, owner);
		}

		@Override
		public void completeAll(List<Key> keys, String owner) {
			this.completeAllCalls.incrementAndGet();
			IdempotencyStore.super.completeAll(keys, owner);
		}

		@Override
		public void release(String eventId, String handlerId, String owner) {
			this.delegate.release(eventId, handlerId, owner);
		}

	}

	static final class FakeLease implements ShardLease {

		volatile boolean held = true;

		volatile boolean stopRequested;

		volatile Instant heldSince;

		volatile Instant earlierHoldersLostBy;

		@Override
		public Instant heldSince() {
			return this.heldSince;
		}

		@Override
		public Instant earlierHoldersLostBy() {
			return this.earlierHoldersLostBy;
		}

		@Override
		public boolean held() {
			return this.held;
		}

		@Override
		public boolean stopRequested() {
			return this.stopRequested;
		}

	}

}
