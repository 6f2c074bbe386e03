package dev.todostreams.todo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.standardwebhooks.Webhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.todostreams.notify.WebhookIds;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static dev.todostreams.testsupport.TestApi.mergePatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The seed scenario end to end, written once and run against every backend: a todo is created over HTTP, moved to
 * "In Progress", then to "completed"; the stream consumer delivers the changes and the completion handler runs
 * exactly once. Each subclass picks a backend (the embedded emulator, Testcontainers LocalStack).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(StatusChangeScenario.Recorder.class)
abstract class StatusChangeScenario {

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	TestApi client;

	/** A webhook receiver on loopback; records every POST it gets. */
	HttpServer receiver;

	final List<Received> received = new CopyOnWriteArrayList<>();

	record Received(HttpHeaders headers, String body) {
	}

	@BeforeEach
	void client() throws IOException {
		this.client = TestApi.on(this.port);
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/hook", this::receive);
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Map<String, List<String>> headers = new java.util.HashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
			this.received.add(new Received(HttpHeaders.of(headers, (a, b) -> true), body));
			exchange.sendResponseHeaders(204, -1);
		}
	}

	/** How long the backend may take to deliver a change through the stream (KCL start-up included). */
	Duration deliveryTimeout() {
		return Duration.ofSeconds(60);
	}

	@Test
	void completingATodoFiresTheStatusHandlerOnce() {
		Answer subscribed = this.client.post("/api/webhooks", "{\"url\":\"http://127.0.0.1:"
				+ this.receiver.getAddress().getPort() + "/hook\",\"filter\":{\"from\":[\"*\"],\"to\":[\"completed\"]}}");
		assertThat(subscribed.status()).isEqualTo(201);
		String secret = subscribed.json().get("secret").stringValue();
		String subscriptionId = subscribed.json().get("id").stringValue();

		Answer created = this.client.post("/api/todos",
				"{\"task\":\"Write report\",\"dueDate\":\"2024-03-25\"}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("todoId").stringValue();
		assertThat(created.json().get("status").stringValue()).isEqualTo("Not Started");

		Answer started = this.client.patch("/api/todos/" + id, "{\"status\":\"In Progress\"}",
				mergePatch(created.eTag()));
		assertThat(started.status()).isEqualTo(200);
		Answer completed = this.client.patch("/api/todos/" + id, "{\"status\":\"completed\"}",
				mergePatch(started.eTag()));
		assertThat(completed.status()).isEqualTo(200);
		assertThat(completed.eTag()).isEqualTo("\"3\"");

		await().atMost(deliveryTimeout()).until(() -> this.recorder.completionsOf(id).size() == 1);
		// a second delivery of the same change would show up here
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
			.until(() -> this.recorder.completionsOf(id).size() == 1);
		StatusChanged event = this.recorder.completionsOf(id).get(0);
		assertThat(event.from()).isEqualTo("In Progress");
		assertThat(event.to()).isEqualTo("completed");
		assertThat(event.cause()).isEqualTo(StatusChanged.Cause.UPDATED);
		assertThat(event.todo()).isNotNull();
		assertThat(event.todo().get("Task").s()).isEqualTo("Write report");
		assertThat(event.todo().get("Version").n()).isEqualTo("3");
		assertThat(event.previous()).isNotNull();
		assertThat(event.previous().get("Version").n()).isEqualTo("2");

		await().atMost(deliveryTimeout()).until(() -> this.recorder.changesOf(id).size() == 3);
		assertThat(this.recorder.changesOf(id)).extracting(StatusChanged::to)
			.containsExactly("Not Started", "In Progress", "completed");

		// the webhook subscribed to "* -> completed" gets exactly one signed delivery, of the completion
		await().atMost(deliveryTimeout()).until(() -> this.received.size() == 1);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 1);
		Received delivery = this.received.get(0);
		assertThat(delivery.headers().firstValue("webhook-id")).contains(WebhookIds.of(event.eventId(), subscriptionId));
		assertThatNoException().isThrownBy(() -> new Webhook(secret).verify(delivery.body(), delivery.headers()));
		assertThat(delivery.body()).contains("\"type\":\"todo.status_changed\"").contains("\"to\":\"completed\"")
			.contains("\"todoId\":\"" + id + "\"");
	}

	/** Records what the status handlers saw, per todo. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Recorder {

		private final List<StatusChanged> completions = new CopyOnWriteArrayList<>();

		private final List<StatusChanged> changes = new CopyOnWriteArrayList<>();

		@OnStatusChange(id = "scenario-completed", from = "In Progress", to = "completed")
		void completed(StatusChanged event) {
			this.completions.add(event);
		}

		@OnStatusChange(id = "scenario-any")
		void anyChange(StatusChanged event) {
			this.changes.add(event);
		}

		List<StatusChanged> completionsOf(String todoId) {
			return this.completions.stream().filter((event) -> event.todoId().equals(todoId)).toList();
		}

		List<StatusChanged> changesOf(String todoId) {
			return this.changes.stream().filter((event) -> event.todoId().equals(todoId)).toList();
		}

	}

}
