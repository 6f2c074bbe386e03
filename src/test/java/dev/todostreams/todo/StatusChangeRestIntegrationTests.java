package dev.todostreams.todo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static dev.todostreams.testsupport.TestApi.mergePatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed scenario through the whole application: the REST API on the embedded emulator, the real KCL consumer
 * started by the application, an {@code @OnStatusChange("In Progress" -> "completed")} handler and an
 * {@code @OnTodoChange(DUE_DATE)} handler.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "todo.tables.prefix=" + StatusChangeRestIntegrationTests.PREFIX)
@Import(StatusChangeRestIntegrationTests.Handlers.class)
class StatusChangeRestIntegrationTests {

	static final String PREFIX = "it-seed-";

	@LocalServerPort
	int port;

	@Autowired
	Handlers handlers;

	@Test
	void patchingATodoToCompletedRunsTheHandlerOnceWithBothImages() {
		TestApi client = TestApi.on(this.port);
		Answer created = client.post("/api/todos",
				"{\"task\":\"Write report\",\"dueDate\":\"2024-03-25\",\"status\":\"In Progress\"}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("todoId").stringValue();
		Answer patched = client.patch("/api/todos/" + id, "{\"status\":\"completed\"}", mergePatch("\"1\""));
		assertThat(patched.status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.completed.size() == 1);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
			.until(() -> this.handlers.completed.size() == 1);
		StatusChanged event = this.handlers.completed.get(0);
		assertThat(event.todoId()).isEqualTo(id);
		assertThat(event.from()).isEqualTo("In Progress");
		assertThat(event.to()).isEqualTo("completed");
		assertThat(event.cause()).isEqualTo(StatusChanged.Cause.UPDATED);
		assertThat(event.previous()).containsEntry("Status", AttributeValue.fromS("In Progress"))
			.containsEntry("Task", AttributeValue.fromS("Write report"));
		assertThat(event.todo()).containsEntry("Status", AttributeValue.fromS("completed"))
			.containsEntry("DueDate", AttributeValue.fromS("2024-03-25"));
		assertThat(this.handlers.created).contains(id);
	}

	@Test
	void movingTheDueDateRunsTheDueDateHandlerOnceAndAStatusChangeDoesNot() {
		TestApi client = TestApi.on(this.port);
		Answer created = client.post("/api/todos",
				"{\"task\":\"Plan trip\",\"dueDate\":\"2024-03-25\",\"status\":\"Not Started\"}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("todoId").stringValue();
		assertThat(client.patch("/api/todos/" + id, "{\"status\":\"In Progress\"}", mergePatch("\"1\"")).status())
			.isEqualTo(200);
		assertThat(client.patch("/api/todos/" + id, "{\"dueDate\":\"2024-04-01\"}", mergePatch("\"2\"")).status())
			.isEqualTo(200);

		// records of one todo are handled in order: once the move is seen, the status change was decided before it
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.handlers.dueDates.stream().anyMatch((change) -> change.equals(id + ":2024-04-01")));
		assertThat(this.handlers.dueDates.stream().filter((change) -> change.startsWith(id + ":")))
			.containsExactly(id + ":2024-03-25", id + ":2024-04-01");
		assertThat(this.handlers.moves).contains(id + ":2024-03-25->2024-04-01");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Handlers {

		final List<StatusChanged> completed = new CopyOnWriteArrayList<>();

		final List<String> created = new CopyOnWriteArrayList<>();

		@OnStatusChange(from = "In Progress", to = "completed")
		void onCompleted(StatusChanged event) {
			this.completed.add(event);
		}

		@OnStatusChange(from = OnStatusChange.NONE)
		void onCreated(StatusChanged event) {
			this.created.add(event.todoId());
		}

		final List<String> dueDates = new CopyOnWriteArrayList<>();

		final List<String> moves = new CopyOnWriteArrayList<>();

		@OnTodoChange(fields = TodoField.DUE_DATE)
		void onDueDate(TodoChange change) {
			this.dueDates.add(change.todoId() + ":" + change.after().dueDate());
			if (!change.created()) {
				this.moves.add(change.todoId() + ":" + change.before().dueDate() + "->" + change.after().dueDate());
			}
		}

	}

}
