package dev.todostreams.live;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import dev.todostreams.live.SseClient.Event;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.ItemChangeListeners;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live feed through real HTTP: the app on its own embedded emulator, the real KCL consumer, a plain SSE client.
 * No table prefix: the consumer reads {@code todo.stream.table-name} as is (it does not apply
 * {@code todo.tables.prefix}), and each context has an emulator of its own anyway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { LiveFeedIntegrationTests.HEARTBEAT })
class LiveFeedIntegrationTests {

	static final String HEARTBEAT = "todo.live.heartbeat=200ms";

	static final Duration STREAM = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	ChangeFeed feed;

	@Autowired
	ChangeLogTail changeLog;

	@Autowired
	ItemChangeListeners listeners;

	@Test
	void streamsEveryProcessedChangeOfATodo() throws Exception {
		TestApi api = TestApi.on(this.port);
		try (SseClient sse = SseClient.connect(this.port, null)) {
			String id = api.createTodo("Stream me " + UUID.randomUUID(), "2024-03-25", null);
			api.setStatus(id, "In Progress");
			api.setStatus(id, "completed");
			await().atMost(STREAM).until(() -> sse.changesOf(id).size() == 3);
			List<JsonNode> changes = sse.changesOf(id).stream().map(Event::json).toList();
			assertThat(changes).extracting((c) -> c.get("operation").stringValue())
				.containsExactly("INSERT", "MODIFY", "MODIFY");
			assertThat(changes).extracting((c) -> c.path("from").asString("(none)") + " -> " + c.get("to").stringValue())
				.containsExactly("(none) -> Not Started", "Not Started -> In Progress", "In Progress -> completed");
			assertThat(changes).extracting((c) -> c.get("version").asLong()).containsExactly(1L, 2L, 3L);
			assertThat(changes.get(2).get("task").stringValue()).startsWith("Stream me");
			assertThat(changes.get(2).get("dueDate").stringValue()).isEqualTo("2024-03-25");
			assertThat(changes.get(2).get("eventId").stringValue()).isNotBlank();
			assertThat(changes.get(2).get("at").stringValue()).endsWith("Z");
			assertThat(sse.changesOf(id)).extracting(Event::id).isSorted().doesNotHaveDuplicates();
		}
	}

	@Test
	void aReconnectWithLastEventIdGetsExactlyWhatItMissed() throws Exception {
		TestApi api = TestApi.on(this.port);
		String id = api.createTodo("Reconnect " + UUID.randomUUID(), null, null);
		String lastSeen;
		try (SseClient first = SseClient.connect(this.port, null)) {
			api.setStatus(id, "In Progress");
			// the creation may or may not arrive on this connection, depending on when the consumer got to it
			await().atMost(STREAM).until(() -> started(first, id) != null);
			lastSeen = started(first, id).id();
		}
		api.setStatus(id, "completed");
		api.patch("/api/todos/" + id, "{\"task\":\"Reconnect, renamed\"}").expect(200);
		await().atMost(STREAM)
			.until(() -> this.changeLog.recent(1000).stream().filter((c) -> c.todoId().equals(id)).count() == 4);
		try (SseClient second = SseClient.connect(this.port, lastSeen)) {
			await().atMost(STREAM).until(() -> second.changesOf(id).size() == 2);
			assertThat(second.changesOf(id)).extracting(Event::json)
				.extracting((c) -> c.get("from").stringValue() + " -> " + c.get("to").stringValue())
				.containsExactly("In Progress -> completed", "completed -> completed");
			assertThat(second.events()).extracting(Event::id)
				.allSatisfy((eventId) -> assertThat(eventId).isGreaterThan(lastSeen));
		}
	}

	@Test
	void anUnknownLastEventIdAsksTheClientToReload() throws Exception {
		try (SseClient stale = SseClient.connect(this.port, "42")) {
			await().atMost(STREAM).until(() -> !stale.events().isEmpty());
			assertThat(stale.events().get(0).name()).isEqualTo(FeedEvent.RESET);
		}
	}

	@Test
	void releasesTheConnectionsOfClientsThatLeaveWithoutNewThreads() throws Exception {
		// connections of earlier tests are gone too
		await().atMost(STREAM).until(() -> this.feed.subscribers() == 0);
		long threadsBefore = liveFeedThreads();
		List<SseClient> clients = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			clients.add(SseClient.connect(this.port, null));
		}
		await().atMost(STREAM).until(() -> this.feed.subscribers() == 5);
		assertThat(liveFeedThreads()).isEqualTo(threadsBefore);
		for (SseClient client : clients) {
			client.close();
		}
		// the heartbeat finds the closed connections; nothing else is left behind
		await().atMost(STREAM).until(() -> this.feed.subscribers() == 0);
		assertThat(liveFeedThreads()).isEqualTo(threadsBefore);
	}

	@Test
	void showsTheWebhookDeliveriesAChangeCausedAndTheirOutcome() throws Exception {
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hook", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		TestApi api = TestApi.on(this.port);
		String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
		JsonNode subscription = api.post("/api/webhooks",
				"{\"url\":\"" + url + "\",\"filter\":{\"from\":[\"In Progress\"],\"to\":[\"completed\"]}}")
			.expect(201);
		String subscriptionId = subscription.get("id").stringValue();
		try (SseClient sse = SseClient.connect(this.port, null)) {
			String id = api.createTodo("Deliver me " + UUID.randomUUID(), null, null);
			api.setStatus(id, "In Progress");
			api.setStatus(id, "completed");
			await().atMost(STREAM).until(() -> deliveredUpdate(sse, id) != null);
			JsonNode delivery = deliveredUpdate(sse, id).get("deliveries").get(0);
			assertThat(delivery.get("subscriptionId").stringValue()).isEqualTo(subscriptionId);
			assertThat(delivery.get("url").stringValue()).isEqualTo(url);
			assertThat(delivery.get("statusCode").asInt()).isEqualTo(204);
			// each change's deliveries are looked up on their own, in no particular order
			await().atMost(STREAM).until(() -> deliveriesOfStart(sse, id) != null);
			assertThat(deliveriesOfStart(sse, id).get("deliveries")).as("the filter wants only In Progress -> completed")
				.isEmpty();
		}
		finally {
			api.delete("/api/webhooks/" + subscriptionId).expect(204);
			receiver.stop(0);
		}
	}

	@Test
	void theChangeLogWriterIsTheStreamsFirstListener() {
		// before the webhook outbox and before the checkpoint: a change the shard passed is in the log
		assertThat(this.listeners.all()).first().extracting(ItemChangeListener::id).isEqualTo(ChangeLogWriter.ID);
	}

	@Test
	void pagesTheChangeLogForPollingClients() {
		TestApi api = TestApi.on(this.port);
		// the consumer starts in the background: this may be the context's first test that needs it
		await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
			.until(() -> api.get("/actuator/health/readiness").expect(200) != null);
		String since = TestApi.on(this.port)
			.get("/api/changes/recent?limit=1")
			.expect(200)
			.get("lastEventId")
			.stringValue();
		String id = api.createTodo("Poll me " + UUID.randomUUID(), null, null);
		api.setStatus(id, "In Progress");
		api.setStatus(id, "completed");
		List<JsonNode> changes = new ArrayList<>();
		String[] next = { since };
		await().atMost(STREAM).until(() -> {
			JsonNode page = api.get("/api/changes?since=" + next[0] + "&limit=1").expect(200);
			assertThat(page.get("items").size()).isLessThanOrEqualTo(1);
			page.get("items").forEach((item) -> {
				if ("change".equals(item.get("type").stringValue())
						&& id.equals(item.get("change").get("todoId").stringValue())) {
					changes.add(item);
				}
			});
			next[0] = page.get("next").stringValue();
			return changes.size() == 3;
		});
		assertThat(changes).extracting((c) -> c.get("change").get("to").stringValue())
			.containsExactly("Not Started", "In Progress", "completed");
		assertThat(changes).extracting((c) -> c.get("position").stringValue()).isSorted();
		assertThat(changes).allSatisfy((c) -> assertThat(c.get("change").get("id").stringValue())
			.isEqualTo(c.get("position").stringValue()));
		assertThat(next[0]).isGreaterThan(since);
	}

	@Test
	void badPagingParametersAreProblems() {
		TestApi api = TestApi.on(this.port);
		JsonNode garbage = api.get("/api/changes?since=garbage").expect(400);
		assertThat(garbage.get("title").stringValue()).isEqualTo("Invalid position");
		String head = api.get("/api/changes/recent?limit=1").expect(200).get("lastEventId").stringValue();
		assertThat(api.get("/api/changes?since=" + head + "&limit=0").expect(400).get("title").stringValue())
			.isEqualTo("Invalid limit");
		assertThat(api.get("/api/changes?since=" + head + "&limit=x").expect(400).get("detail").stringValue())
			.contains("1 to 1000");
		assertThat(api.get("/api/changes?since=0000000000001-1").expect(410).get("title").stringValue())
			.isEqualTo("Position expired");
	}

	@Test
	void servesTheConfiguredStatusesInBoardOrder() {
		JsonNode statuses = TestApi.on(this.port).get("/api/statuses").expect(200);
		assertThat(statuses.get("statuses").valueStream().map(JsonNode::stringValue))
			.containsExactly("Not Started", "In Progress", "completed");
		assertThat(statuses.get("defaultStatus").stringValue()).isEqualTo("Not Started");
	}

	private static JsonNode deliveriesOfStart(SseClient sse, String todoId) {
		return sse.events()
			.stream()
			.filter((e) -> e.name().equals(FeedEvent.DELIVERIES))
			.map(Event::json)
			.filter((c) -> c.get("todoId").stringValue().equals(todoId) && "In Progress".equals(c.get("to").stringValue()))
			.findFirst()
			.orElse(null);
	}

	private static JsonNode deliveredUpdate(SseClient sse, String todoId) {
		return sse.events()
			.stream()
			.filter((e) -> e.name().equals(FeedEvent.DELIVERIES))
			.map(Event::json)
			.filter((c) -> c.get("todoId").stringValue().equals(todoId) && "completed".equals(c.get("to").stringValue()))
			.filter((c) -> c.get("deliveries").size() == 1
					&& "delivered".equals(c.get("deliveries").get(0).get("state").stringValue()))
			.findFirst()
			.orElse(null);
	}

	private static SseClient.Event started(SseClient sse, String todoId) {
		return sse.changesOf(todoId)
			.stream()
			.filter((e) -> "In Progress".equals(e.json().get("to").stringValue()))
			.findFirst()
			.orElse(null);
	}

	private static long liveFeedThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith("live-")).count();
	}

}
