package dev.todostreams.todo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.InMemoryDeadLetterStore;
import dev.todostreams.stream.InMemoryIdempotencyStore;
import dev.todostreams.stream.ItemChangeListeners;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.stream.kcl.ConsumerHarness;
import dev.todostreams.stream.kcl.StreamConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed scenario: a todo goes from "In Progress" to "completed" and the matching {@code @OnStatusChange} handler
 * runs once with both images. The REST API is not on main yet, so the change is written with the DynamoDB client
 * (an UpdateItem, as the API's PATCH would do).
 */
@Isolated
@ExtendWith(OutputCaptureExtension.class)
class StatusChangeSeedIntegrationTests {

	@Test
	void completingATodoRunsTheHandlerOnceWithBothImages(CapturedOutput output) {
		new ApplicationContextRunner().withUserConfiguration(StatusChangeConfiguration.class, Seed.class)
			.run((context) -> {
				ItemChangeListeners listeners = context.getBean(ItemChangeListeners.class);
				Seed seed = context.getBean(Seed.class);
				try (StreamTestEnvironment env = StreamTestEnvironment.start().withTodoTable()) {
					StreamConsumer consumer = ConsumerHarness.consumer(env, ConsumerHarness.uniqueApplicationName(),
							"w1", listeners.all(), new InMemoryIdempotencyStore(Clock.systemUTC()),
							new InMemoryDeadLetterStore(), ChangeProcessingObserver.NONE);
					try {
						consumer.start();
						env.putItem(Map.of("TodoID", AttributeValue.fromS("T1001"), "Task",
								AttributeValue.fromS("Write report"), "DueDate", AttributeValue.fromS("2024-03-25"),
								"Status", AttributeValue.fromS("In Progress"), "Version", AttributeValue.fromN("1")));
						env.dynamo().updateItem((r) -> r.tableName(StreamTestEnvironment.TABLE)
							.key(Map.of("TodoID", AttributeValue.fromS("T1001")))
							.updateExpression("SET #s = :to, #v = #v + :one")
							.conditionExpression("#s = :from")
							.expressionAttributeNames(Map.of("#s", "Status", "#v", "Version"))
							.expressionAttributeValues(Map.of(":to", AttributeValue.fromS("completed"), ":from",
									AttributeValue.fromS("In Progress"), ":one", AttributeValue.fromN("1"))));
						await().atMost(Duration.ofSeconds(30)).until(() -> seed.completed.size() == 1);
						await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
							.until(() -> seed.completed.size() == 1);
						StatusChanged event = seed.completed.get(0);
						assertThat(event.todoId()).isEqualTo("T1001");
						assertThat(event.from()).isEqualTo("In Progress");
						assertThat(event.to()).isEqualTo("completed");
						assertThat(event.previous()).containsEntry("Version", AttributeValue.fromN("1"));
						assertThat(event.todo()).containsEntry("Version", AttributeValue.fromN("2"))
							.containsEntry("DueDate", AttributeValue.fromS("2024-03-25"));
						assertThat(output).contains("Status change handled: todo=T1001 from='In Progress' to='completed'");
					}
					finally {
						consumer.stop();
					}
				}
			});
	}

	@Test
	void expiryByTtlIsToldApartFromAUserDelete() {
		new ApplicationContextRunner().withUserConfiguration(StatusChangeConfiguration.class, Seed.class)
			.run((context) -> {
				Seed seed = context.getBean(Seed.class);
				try (StreamTestEnvironment env = StreamTestEnvironment.start().withTodoTable()) {
					env.dynamo().updateTimeToLive((r) -> r.tableName(StreamTestEnvironment.TABLE)
						.timeToLiveSpecification((s) -> s.attributeName("ExpiresAt").enabled(true)));
					StreamConsumer consumer = ConsumerHarness.consumer(env, ConsumerHarness.uniqueApplicationName(),
							"w1", context.getBean(ItemChangeListeners.class).all(),
							new InMemoryIdempotencyStore(Clock.systemUTC()), new InMemoryDeadLetterStore(),
							ChangeProcessingObserver.NONE);
					try {
						consumer.start();
						env.putItem(Map.of("TodoID", AttributeValue.fromS("T1"), "Status",
								AttributeValue.fromS("In Progress"), "ExpiresAt", AttributeValue.fromN("1")));
						env.putTodo("T2", "Not Started", 1);
						env.dynamo().deleteItem((r) -> r.tableName(StreamTestEnvironment.TABLE)
							.key(Map.of("TodoID", AttributeValue.fromS("T2"))));
						env.emulator().sweepExpiredItems();
						await().atMost(Duration.ofSeconds(30)).until(() -> seed.removed.size() == 2);
						StatusChanged expired = seed.removed.stream().filter((e) -> e.todoId().equals("T1")).findFirst()
							.orElseThrow();
						StatusChanged deleted = seed.removed.stream().filter((e) -> e.todoId().equals("T2")).findFirst()
							.orElseThrow();
						assertThat(expired.cause()).isEqualTo(StatusChanged.Cause.EXPIRED);
						assertThat(expired.from()).isEqualTo("In Progress");
						assertThat(deleted.cause()).isEqualTo(StatusChanged.Cause.DELETED);
					}
					finally {
						consumer.stop();
					}
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Seed {

		final List<StatusChanged> completed = new CopyOnWriteArrayList<>();

		final List<StatusChanged> removed = new CopyOnWriteArrayList<>();

		@OnStatusChange(to = OnStatusChange.NONE)
		void onRemoved(StatusChanged event) {
			this.removed.add(event);
		}

		@Bean
		ItemChangeListeners itemChangeListeners() {
			return new ItemChangeListeners();
		}

		@OnStatusChange(from = "In Progress", to = "completed")
		void onCompleted(StatusChanged event) {
			this.completed.add(event);
		}

	}

}
