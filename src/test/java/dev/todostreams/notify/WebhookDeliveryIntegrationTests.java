package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end: REST change, DynamoDB stream, KCL consumer, outbox row, delivery worker, a real receiver
 * that verifies every signature with the independent Standard Webhooks library. Retries are fast here (a short
 * schedule); the schedule's timing is unit-tested.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.webhooks.allow-private-targets=true",
				"todo.webhooks.retry-schedule=0s,200ms,400ms,800ms,1s,1s,1s,1s,1s,1s", "todo.webhooks.jitter=0.1",
				"todo.webhooks.poll-interval=1s", "todo.webhooks.timeout=5s" })
class WebhookDeliveryIntegrationTests extends WebhookEndToEnd {

	@Test
	void redeliversAfterReceiverRecovers() throws Exception {
		String subscription = subscribe("{\"from\":[\"*\"],\"to\":[\"completed\"]}");
		this.receiver.down();
		List<String> todos = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String todo = this.client.createTodo("Task", "2024-03-25", "In Progress");
			this.client.setStatus(todo, "completed");
			todos.add(todo);
		}
		String other = this.client.createTodo("Task", "2024-03-25", "Not Started");
		this.client.setStatus(other, "In Progress");
		await().atMost(WAIT).until(() -> deliveries(subscription).size() == 5
				&& deliveries(subscription).stream().allMatch((d) -> d.get("attempts").size() >= 2));
		JsonNode failing = deliveries(subscription).get(0);
		assertThat(failing.get("state").stringValue()).isEqualTo("pending");
		assertThat(failing.get("attempts").get(0).get("error").stringValue()).isNotBlank();
		assertThat(failing.get("attempts").get(0).has("statusCode")).isFalse();
		assertThat(failing.get("attempts").get(0).has("nextAttemptAt")).isTrue();

		this.receiver.up();
		await().atMost(WAIT).until(() -> receivedTodoIds().containsAll(todos));
		await().atMost(WAIT)
			.until(() -> deliveries(subscription).stream().allMatch((d) -> d.get("state").stringValue().equals("delivered")));
		assertThat(this.receiver.received).allMatch(WebhookReceiver.Received::verified);
		assertThat(receivedTodoIds()).doesNotContain(other);
		Map<String, Set<String>> idsPerTodo = this.receiver.received.stream()
			.collect(Collectors.groupingBy((r) -> todoId(r.body()),
					Collectors.mapping(WebhookReceiver.Received::webhookId, Collectors.toSet())));
		assertThat(idsPerTodo).hasSize(5).allSatisfy((todo, ids) -> assertThat(ids).hasSize(1));
		JsonNode body = TestApi.JSON.readTree(this.receiver.received.get(0).body());
		assertThat(body.get("type").stringValue()).isEqualTo("todo.status_changed");
		assertThat(body.get("data").get("from").stringValue()).isEqualTo("In Progress");
		assertThat(body.get("data").get("to").stringValue()).isEqualTo("completed");
		assertThat(body.get("data").get("todo").get("status").stringValue()).isEqualTo("completed");
		assertThat(body.get("data").get("previous").get("status").stringValue()).isEqualTo("In Progress");
		JsonNode delivered = deliveries(subscription).get(0);
		JsonNode attempts = delivered.get("attempts");
		assertThat(attempts.get(attempts.size() - 1).get("statusCode").asInt()).isEqualTo(200);
		assertThat(attempts.get(attempts.size() - 1).has("latencyMillis")).isTrue();
	}

	@Test
	void goneDisablesTheSubscription() {
		String subscription = subscribe("{\"from\":[\"*\"],\"to\":[\"completed\"]}");
		this.receiver.answer((request) -> new WebhookReceiver.Answer(410, Map.of()));
		String todo = this.client.createTodo("Task", "2024-03-25", "In Progress");
		this.client.setStatus(todo, "completed");
		await().atMost(WAIT).until(() -> !this.client.get("/api/webhooks/" + subscription).json().get("enabled").booleanValue());
		JsonNode disabled = this.client.get("/api/webhooks/" + subscription).json();
		assertThat(disabled.get("disabledReason").stringValue()).contains("410");
		await().atMost(WAIT).until(() -> deliveries(subscription).size() == 1
				&& deliveries(subscription).get(0).get("state").stringValue().equals("failed"));
		assertThat(deliveries(subscription).get(0).get("attempts")).hasSize(1);
		assertThat(this.receiver.received).hasSize(1);

		String later = this.client.createTodo("Task", "2024-03-25", "In Progress");
		this.client.setStatus(later, "completed");
		String marker = this.client.createTodo("Task", "2024-03-25", "In Progress");
		String watcher = subscribe("/watch", "{\"from\":[\"*\"],\"to\":[\"completed\"]}");
		this.receiver.answer((request) -> new WebhookReceiver.Answer(200, Map.of()));
		this.client.setStatus(marker, "completed");
		await().atMost(WAIT).until(() -> receivedTodoIds().contains(marker));
		assertThat(deliveries(subscription)).as("a disabled subscription gets no new rows").hasSize(1);
		assertThat(this.receiver.received.stream().filter((r) -> r.path().equals("/hook"))).hasSize(1);
		// the deliveries of a subscription are listed from a global secondary index (eventually consistent)
		await().atMost(WAIT).until(() -> !deliveries(watcher).isEmpty());
	}

	@Test
	void tooManyRequestsHonoursRetryAfter() {
		String subscription = subscribe("{\"from\":[\"*\"],\"to\":[\"completed\"]}");
		this.receiver.answer((request) -> (this.receiver.received.size() == 1)
				? new WebhookReceiver.Answer(429, Map.of("Retry-After", "2")) : new WebhookReceiver.Answer(200, Map.of()));
		String todo = this.client.createTodo("Task", "2024-03-25", "In Progress");
		this.client.setStatus(todo, "completed");
		await().atMost(WAIT).until(() -> deliveries(subscription).size() == 1
				&& deliveries(subscription).get(0).get("state").stringValue().equals("delivered"));
		JsonNode attempts = deliveries(subscription).get(0).get("attempts");
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(429);
		Instant first = Instant.parse(attempts.get(0).get("at").stringValue());
		Instant planned = Instant.parse(attempts.get(0).get("nextAttemptAt").stringValue());
		Instant second = Instant.parse(attempts.get(1).get("at").stringValue());
		assertThat(Duration.between(first, planned)).as("Retry-After: 2, not the schedule's 200 ms")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(second).isAfterOrEqualTo(planned);
		assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(200);
		assertThat(this.receiver.received).hasSize(2);
		assertThat(this.receiver.received.get(0).webhookId()).isEqualTo(this.receiver.received.get(1).webhookId());
	}

	@Test
	void marksDeliveriesFailedAfterTheLastRetryAndRedeliversThem() {
		String subscription = subscribe("{\"from\":[\"(none)\"],\"to\":[\"*\"]}");
		this.receiver.answer((request) -> new WebhookReceiver.Answer(500, Map.of()));
		Instant since = Instant.now().minusSeconds(1);
		String todo = this.client.createTodo("Task", "2024-03-25", "Not Started");
		await().atMost(WAIT).until(() -> deliveries(subscription).size() == 1
				&& deliveries(subscription).get(0).get("state").stringValue().equals("failed"));
		JsonNode failed = deliveries(subscription).get(0);
		assertThat(failed.get("eventType").stringValue()).isEqualTo("todo.created");
		assertThat(failed.get("attempts")).hasSize(10);
		assertThat(failed.has("nextAttemptAt")).isFalse();
		assertThat(this.client.get("/api/webhooks/" + subscription + "/deliveries?state=failed").json().get("items"))
			.hasSize(1);
		assertThat(this.client.get("/api/webhooks/" + subscription).json().has("failingSince")).isTrue();

		this.receiver.answer((request) -> new WebhookReceiver.Answer(204, Map.of()));
		Answer redelivered = this.client
			.post("/api/webhooks/" + subscription + "/redeliver-failed?since=" + since, "");
		assertThat(redelivered.status()).isEqualTo(202);
		assertThat(redelivered.json().get("redelivered").asInt()).isEqualTo(1);
		await().atMost(WAIT)
			.until(() -> deliveries(subscription).get(0).get("state").stringValue().equals("delivered"));
		assertThat(this.receiver.received).hasSize(11);
		assertThat(this.receiver.received.stream().map(WebhookReceiver.Received::webhookId).distinct()).hasSize(1);
		assertThat(todoId(this.receiver.received.get(10).body())).isEqualTo(todo);
		assertThat(this.client.get("/api/webhooks/" + subscription).json().has("failingSince")).isFalse();

		String id = failed.get("id").stringValue();
		assertThat(this.client.post("/api/webhooks/" + subscription + "/deliveries/" + id + "/redeliver", "").status())
			.isEqualTo(202);
		await().atMost(WAIT).until(() -> this.receiver.received.size() == 12);
		assertThat(this.receiver.received.get(11).webhookId()).isEqualTo(id);
	}

	@Test
	void signsWithOldAndNewSecretDuringRotation() {
		String subscription = subscribe("{\"from\":[\"*\"],\"to\":[\"completed\"]}");
		Answer rotated = this.client.post("/api/webhooks/" + subscription + "/rotate-secret", "");
		String todo = this.client.createTodo("Task", "2024-03-25", "In Progress");
		this.client.setStatus(todo, "completed");
		await().atMost(WAIT).until(() -> this.receiver.received.size() == 1);
		assertThat(this.receiver.received.get(0).verified()).as("old secret still verifies").isTrue();
		assertThat(this.receiver.received.get(0).signature().split(" ")).hasSize(2);
		this.receiver.secret(rotated.json().get("secret").stringValue());
		String next = this.client.createTodo("Task", "2024-03-25", "In Progress");
		this.client.setStatus(next, "completed");
		await().atMost(WAIT).until(() -> this.receiver.received.size() == 2);
		assertThat(this.receiver.received.get(1).verified()).as("new secret verifies").isTrue();
	}

	private String subscribe(String filter) {
		return subscribe("/hook", filter);
	}

	private String subscribe(String path, String filter) {
		Answer created = this.client.post("/api/webhooks",
				"{\"url\":\"" + this.receiver.url(path) + "\",\"filter\":" + filter + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").stringValue();
		this.receiver.secret(created.json().get("secret").stringValue());
		this.subscriptions.add(id);
		return id;
	}

	private List<JsonNode> deliveries(String subscription) {
		List<JsonNode> out = new ArrayList<>();
		this.client.get("/api/webhooks/" + subscription + "/deliveries").json().get("items").forEach(out::add);
		return out;
	}

	private Set<String> receivedTodoIds() {
		return this.receiver.received.stream().map((r) -> todoId(r.body())).collect(Collectors.toSet());
	}

	private static String todoId(String body) {
		return TestApi.JSON.readTree(body).get("data").get("todoId").stringValue();
	}

}
