package dev.todostreams.notify;

import java.nio.file.Path;
import java.time.Duration;

import dev.todostreams.TodoStreamsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;
import dev.todostreams.testsupport.RunsBeside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox survives a restart between write and send: the first run writes the row (its delivery worker is off,
 * as if it crashed right after the stream checkpoint); the second run, on the same DynamoDB data, sends it once.
 */
@RunsBeside
class WebhookOutboxRestartIntegrationTests {

	@TempDir
	Path data;

	@Test
	void deliversAnOutboxRowWrittenBeforeARestart() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			String subscription;
			String todo;
			try (ConfigurableApplicationContext first = run(false)) {
				TestApi client = client(first);
				Answer created = client.post("/api/webhooks", "{\"url\":\"" + receiver.url("/hook")
						+ "\",\"filter\":{\"from\":[\"*\"],\"to\":[\"completed\"]}}");
				subscription = created.json().get("id").stringValue();
				receiver.secret(created.json().get("secret").stringValue());
				todo = client.createTodo("Task", "2024-03-25", "In Progress");
				client.setStatus(todo, "completed");
				await().atMost(Duration.ofSeconds(60)).until(() -> items(client, subscription).size() == 1);
				JsonNode pending = items(client, subscription).get(0);
				assertThat(pending.get("state").stringValue()).isEqualTo("pending");
				assertThat(pending.get("attempts")).isEmpty();
			}
			assertThat(receiver.received).isEmpty();

			try (ConfigurableApplicationContext second = run(true)) {
				TestApi client = client(second);
				await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received.size() == 1);
				assertThat(receiver.received.get(0).verified()).isTrue();
				assertThat(receiver.received.get(0).body()).contains("\"todoId\":\"" + todo + "\"");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> items(client, subscription).get(0).get("state").stringValue().equals("delivered"));
				await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
					.until(() -> receiver.received.size() == 1 && items(client, subscription).size() == 1);
			}
		}
	}

	private ConfigurableApplicationContext run(boolean deliver) {
		return new SpringApplicationBuilder(TodoStreamsApplication.class).run("--server.port=0",
				"--todo.emulator.data-directory=" + this.data, "--todo.webhooks.delivery-enabled=" + deliver,
				"--todo.webhooks.poll-interval=1s", "--todo.stream.application-name=restart-consumer");
	}

	private static TestApi client(ConfigurableApplicationContext context) {
		return TestApi.on(context);
	}

	private static JsonNode items(TestApi client, String subscription) {
		return client.get("/api/webhooks/" + subscription + "/deliveries").json().get("items");
	}

}
