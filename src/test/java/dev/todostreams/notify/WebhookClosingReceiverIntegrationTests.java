package dev.todostreams.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.todostreams.notify.ClosingReceiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end to receivers that close their connections: each change is delivered once, in one attempt
 * (the first retry would come 5 s later), even when the connection the worker reuses was closed by the receiver.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.webhooks.allow-private-targets=true", "todo.webhooks.poll-interval=1s" })
class WebhookClosingReceiverIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(60);

	static final int CHANGES = 8;

	@LocalServerPort
	int port;

	TestApi client;

	final List<String> subscriptions = new ArrayList<>();

	@BeforeEach
	void start() {
		this.client = TestApi.on(this.port);
	}

	@AfterEach
	void stop() {
		this.subscriptions.forEach((id) -> this.client.delete("/api/webhooks/" + id));
	}

	@Test
	void anHttp10ReceiverThatClosesEveryConnection() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver.start(Reply.HTTP_1_0)) {
			List<JsonNode> deliveries = deliverChanges(receiver);

			assertThat(deliveries).allSatisfy((d) -> assertThat(d.get("attempts").get(0).has("error")).isFalse());
			assertThat(receiver.accepted).hasValue(CHANGES);
		}
	}

	@Test
	void aReceiverThatClosesAfterEachAnswerWithoutSayingSo() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver.start(Reply.CLOSE_AFTER_ANSWER)) {
			List<JsonNode> deliveries = deliverChanges(receiver);

			// each change after the first meets a pooled connection the receiver has closed: unless it idled long
			// enough to be validated first (1 s), it is resent on a fresh connection, and the log says so
			assertThat(deliveries).anySatisfy((d) -> assertThat(d.get("attempts").get(0).get("error").stringValue())
				.startsWith("resent at once on a fresh connection"));
		}
	}

	@Test
	void aReceiverThatClosesIdleKeepAliveConnections() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver.start((n) -> Reply.KEEP_ALIVE, Duration.ofMillis(50))) {
			deliverChanges(receiver);
		}
	}

	/**
	 * Makes {@link #CHANGES} status changes one after another, each once the receiver has closed every connection,
	 * and checks that each was received once and delivered in one attempt.
	 * @return the deliveries
	 */
	private List<JsonNode> deliverChanges(ClosingReceiver receiver) {
		String subscription = subscribe(receiver);
		List<String> todos = new ArrayList<>();
		for (int i = 0; i < CHANGES; i++) {
			String todo = this.client.createTodo("Task", "2024-03-25", "In Progress");
			todos.add(todo);
			this.client.setStatus(todo, "completed");
			int expected = i + 1;
			await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
				.until(() -> receiver.received.size() >= expected && receiver.closed.get() == receiver.accepted.get());
		}
		await().atMost(WAIT).until(() -> deliveries(subscription).size() == CHANGES && deliveries(subscription).stream()
			.allMatch((d) -> d.get("state").stringValue().equals("delivered")));
		List<JsonNode> deliveries = deliveries(subscription);
		assertThat(deliveries).allSatisfy((d) -> {
			assertThat(d.get("attempts")).as("one attempt").hasSize(1);
			assertThat(d.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(200);
		});
		assertThat(receiver.received).hasSize(CHANGES).allMatch(WebhookReceiver.Received::verified);
		assertThat(receiver.received).extracting(WebhookReceiver.Received::webhookId).doesNotHaveDuplicates();
		assertThat(receiver.received).extracting((r) -> TestApi.JSON.readTree(r.body()).get("data")
			.get("todoId").stringValue()).containsExactlyInAnyOrderElementsOf(todos);
		return deliveries;
	}

	private String subscribe(ClosingReceiver receiver) {
		Answer created = this.client.post("/api/webhooks",
				"{\"url\":\"" + receiver.url("/hook") + "\",\"filter\":{\"from\":[\"*\"],\"to\":[\"completed\"]}}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").stringValue();
		receiver.secret(created.json().get("secret").stringValue());
		this.subscriptions.add(id);
		return id;
	}

	private List<JsonNode> deliveries(String subscription) {
		List<JsonNode> out = new ArrayList<>();
		this.client.get("/api/webhooks/" + subscription + "/deliveries").json().get("items").forEach(out::add);
		return out;
	}

}
