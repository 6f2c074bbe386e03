package dev.todostreams.todo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.ChangeProcessor;
import dev.todostreams.stream.InMemoryDeadLetterStore;
import dev.todostreams.stream.InMemoryIdempotencyStore;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.ItemChangeListeners;
import dev.todostreams.stream.RetryPolicy;
import dev.todostreams.stream.ShardLease;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import static dev.todostreams.todo.TodoChangeTests.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OnTodoChange} handlers: registered as stream listeners next to the status handlers and run by the real
 * {@link ChangeProcessor} with the guarantees of every listener (once per change, retries, dead letters).
 */
class TodoChangeHandlerTests {

	private static final Instant NOW = Instant.parse("2024-03-20T10:00:00Z");

	private final ApplicationContextRunner runner = ChangeHandlerContexts.withHandlers(Handlers.class);

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore(this.clock);

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final List<String> checkpoints = new ArrayList<>();

	@Test
	void registersFieldHandlersNextToStatusHandlers() {
		this.runner.run((context) -> assertThat(context.getBean(ItemChangeListeners.class).all().stream()
			.map(ItemChangeListener::id)).containsExactlyInAnyOrder("Handlers#completed", "Handlers#rescheduled",
					"task-or-due-date", "Handlers#flaky", "Handlers#withStatus"));
	}

	@Test
	void aDueDateHandlerRunsOncePerMoveAndNotForAStatusChange() {
		this.runner.run((context) -> {
			ChangeProcessor processor = processor(context.getBean(ItemChangeListeners.class));
			List<Record> batch = List.of(
					record("e1", "100", OperationType.MODIFY, item("In Progress", "2024-03-25", 1),
							item("completed", "2024-03-25", 2)),
					record("e2", "101", OperationType.MODIFY, item("completed", "2024-03-25", 2),
							item("completed", "2024-04-01", 3)),
					record("e3", "102", OperationType.MODIFY, item("completed", "2024-04-01", 3),
							item("completed", "2024-04-01", 4)));
			assertThat(processor.process("shard-1", batch, this.checkpoints::add, LEASE))
				.isEqualTo(ChangeProcessor.Outcome.COMPLETED);
			// the same batch again, as after a lost checkpoint: no second effect
			processor.process("shard-1", batch, this.checkpoints::add, LEASE);
			Handlers handlers = context.getBean(Handlers.class);
			assertThat(handlers.rescheduled).extracting(TodoChange::eventId).containsExactly("e2");
			TodoChange.FieldChange moved = handlers.rescheduled.get(0).change(TodoField.DUE_DATE).orElseThrow();
			assertThat(moved.oldValue(LocalDate.class)).isEqualTo(LocalDate.of(2024, 3, 25));
			assertThat(moved.newValue(LocalDate.class)).isEqualTo(LocalDate.of(2024, 4, 1));
			assertThat(handlers.taskOrDueDate).containsExactly("e2");
			assertThat(handlers.completed).containsExactly("e1");
			assertThat(handlers.withStatus).containsExactly("e1:[STATUS, VERSION]");
			assertThat(this.checkpoints).containsExactly("102", "102");
		});
	}

	@Test
	void aFailingFieldHandlerIsRetriedThenDeadLetteredAndReplayable() throws Exception {
		this.runner.run((context) -> {
			ChangeProcessor processor = processor(context.getBean(ItemChangeListeners.class));
			Handlers handlers = context.getBean(Handlers.class);
			handlers.failures = 5;
			processor.process("shard-1", List.of(record("e1", "100", OperationType.MODIFY,
					item("Not Started", null, 1), item("Not Started", "2024-05-01", 2))), this.checkpoints::add, LEASE);
			assertThat(handlers.flakyAttempts).isEqualTo(3);
			assertThat(this.deadLetters.list(10)).singleElement().satisfies((deadLetter) -> {
				assertThat(deadLetter.handlerId()).isEqualTo("Handlers#flaky");
				assertThat(deadLetter.reason()).contains("not yet");
			});
			assertThat(this.checkpoints).containsExactly("100");
			handlers.failures = 0;
			processor.replay(this.deadLetters.list(10).get(0));
			assertThat(handlers.flakyAttempts).isEqualTo(4);
			assertThat(this.deadLetters.list(10)).isEmpty();
			assertThat(this.idempotency.isCompleted("e1", "Handlers#flaky")).isTrue();
		});
	}

	@Test
	void methodWithTheWrongSignatureFailsTheStartup() {
		ChangeHandlerContexts.assertStartupFails(WrongSignature.class, "must take (TodoChange) or (TodoChange, ItemChange)");
	}

	@Test
	void idsAreUniqueAcrossStatusAndFieldHandlers() {
		ChangeHandlerContexts.assertStartupFails(SameId.class, "share the id 'dup'");
	}

	private ChangeProcessor processor(ItemChangeListeners listeners) {
		return new ChangeProcessor(listeners, this.idempotency, this.deadLetters,
				new RetryPolicy(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(1), false), Duration.ofMinutes(1),
				Duration.ofSeconds(4), ChangeProcessingObserver.NONE, (duration) -> {
				}, this.clock, "worker-1");
	}

	private static Record record(String eventId, String sequenceNumber, OperationType type,
			@Nullable Map<String, AttributeValue> oldImage, @Nullable Map<String, AttributeValue> newImage) {
		return Record.builder()
			.eventID(eventId)
			.eventName(type)
			.dynamodb(StreamRecord.builder()
				.keys(Map.of("TodoID", AttributeValue.fromS("T1")))
				.oldImage(oldImage)
				.newImage(newImage)
				.sequenceNumber(sequenceNumber)
				.approximateCreationDateTime(NOW)
				.build())
			.build();
	}

	private static final ShardLease LEASE = new ShardLease() {

		@Override
		public boolean held() {
			return true;
		}

		@Override
		public boolean stopRequested() {
			return false;
		}

	};

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		final List<TodoChange> rescheduled = new CopyOnWriteArrayList<>();

		final List<String> taskOrDueDate = new CopyOnWriteArrayList<>();

		final List<String> completed = new CopyOnWriteArrayList<>();

		final List<String> withStatus = new CopyOnWriteArrayList<>();

		volatile int failures;

		volatile int flakyAttempts;

		@OnTodoChange(fields = TodoField.DUE_DATE)
		void rescheduled(TodoChange change) {
			this.rescheduled.add(change);
		}

		@OnTodoChange(fields = { TodoField.TASK, TodoField.DUE_DATE }, id = "task-or-due-date")
		void taskOrDueDate(TodoChange change, ItemChange itemChange) {
			this.taskOrDueDate.add(itemChange.eventId());
		}

		@OnTodoChange(fields = TodoField.DUE_DATE)
		void flaky(TodoChange change) {
			this.flakyAttempts++;
			if (this.failures-- > 0) {
				throw new IllegalStateException("not yet");
			}
		}

		@OnStatusChange(to = "completed")
		void completed(StatusChanged event, ItemChange change) {
			this.completed.add(change.eventId());
		}

		@OnStatusChange
		void withStatus(StatusChanged event, TodoChange changes) {
			this.withStatus.add(event.eventId() + ":" + changes.changes().keySet());
		}

	}

	static class WrongSignature {

		@OnTodoChange(fields = TodoField.STATUS)
		void handle(StatusChanged event) {
		}

	}

	static class SameId {

		@OnStatusChange(id = "dup")
		void one(StatusChanged event) {
		}

		@OnTodoChange(fields = TodoField.TASK, id = "dup")
		void two(TodoChange change) {
		}

	}

}
