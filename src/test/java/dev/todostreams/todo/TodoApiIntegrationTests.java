package dev.todostreams.todo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static dev.todostreams.testsupport.TestApi.conditions;
import static dev.todostreams.testsupport.TestApi.mergePatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API end to end: the app in its default mode (embedded DynamoDB emulator), real HTTP on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.api.expire-after.completed=30d", "todo.tables.prefix=" + TodoApiIntegrationTests.PREFIX })
class TodoApiIntegrationTests {

	static final String PREFIX = "it-api-";

	@LocalServerPort
	int port;

	TestApi client;

	@BeforeEach
	void client() {
		this.client = TestApi.on(this.port);
	}

	@Test
	void reproducesTheSeedStatusChange() {
		Answer created = this.client.post("/api/todos",
				"{\"task\":\"Task 1\",\"dueDate\":\"2024-03-25\",\"status\":\"In Progress\"}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("todoId").stringValue();
		assertThat(id).matches("T\\d{4,}");
		assertThat(created.location()).endsWith("/api/todos/" + id);
		assertThat(created.eTag()).isEqualTo("\"1\"");

		Answer read = this.client.get("/api/todos/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.eTag()).isEqualTo("\"1\"");
		JsonNode todo = read.json();
		assertThat(todo.get("task").stringValue()).isEqualTo("Task 1");
		assertThat(todo.get("dueDate").stringValue()).isEqualTo("2024-03-25");
		assertThat(todo.get("status").stringValue()).isEqualTo("In Progress");
		assertThat(todo.has("expiresAt")).isFalse();

		Answer patched = this.client.patch("/api/todos/" + id, "{\"status\":\"completed\"}", mergePatch("\"1\""));
		assertThat(patched.status()).isEqualTo(200);
		assertThat(patched.eTag()).isEqualTo("\"2\"");
		assertThat(patched.json().get("status").stringValue()).isEqualTo("completed");
		assertThat(patched.json().get("task").stringValue()).isEqualTo("Task 1");
		assertThat(patched.json().has("expiresAt")).as("completed todos expire (todo.api.expire-after)").isTrue();

		Answer reopened = this.client.patch("/api/todos/" + id, "{\"status\":\"In Progress\"}", mergePatch(null));
		assertThat(reopened.json().has("expiresAt")).isFalse();
		assertThat(reopened.json().get("version").asLong()).isEqualTo(3);
	}

	@Test
	void createsUniqueIdsUnderConcurrency() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<String>> creates = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				int n = i;
				creates.add(() -> this.client.post("/api/todos", "{\"task\":\"parallel " + n + "\"}")
					.json()
					.get("todoId")
					.stringValue());
			}
			Set<String> ids = new HashSet<>();
			for (Future<String> id : pool.invokeAll(creates)) {
				ids.add(id.get());
			}
			assertThat(ids).hasSize(24).allMatch((id) -> id.matches("T\\d+"));
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void listsByStatusInDueDateOrderAcrossPages() {
		String status = "Not Started";
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String[] dates = { "2031-05-04", "2031-01-02", "2031-03-03", "2031-02-01", "2031-04-10" };
		for (String date : dates) {
			assertThat(this.client
				.post("/api/todos", "{\"task\":\"list " + tag + "\",\"dueDate\":\"" + date + "\",\"status\":\"" + status
						+ "\"}")
				.status()).isEqualTo(201);
		}
		this.client.post("/api/todos", "{\"task\":\"list " + tag + " undated\",\"status\":\"" + status + "\"}");
		this.client.post("/api/todos", "{\"task\":\"list " + tag + " other\",\"dueDate\":\"2031-01-01\","
				+ "\"status\":\"In Progress\"}");

		// the status listing reads a global secondary index, which is eventually consistent on DynamoDB (and on the
		// emulator with -Dtodostreams.emulator.index-lag): the new todos appear in it a moment after their writes
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<JsonNode> mine = new ArrayList<>();
			List<JsonNode> all = new ArrayList<>();
			String cursor = null;
			int pages = 0;
			do {
				String query = "/api/todos?status=Not%20Started&limit=2" + ((cursor != null) ? "&cursor=" + cursor : "");
				Answer page = this.client.get(query);
				assertThat(page.status()).as(page.body()).isEqualTo(200);
				JsonNode body = page.json();
				assertThat(body.get("items").size()).isLessThanOrEqualTo(2);
				for (JsonNode item : body.get("items")) {
					all.add(item);
					if (item.get("task").stringValue().startsWith("list " + tag)) {
						mine.add(item);
					}
				}
				cursor = body.has("nextCursor") ? body.get("nextCursor").stringValue() : null;
				pages++;
			}
			while (cursor != null && pages < 100);

			assertThat(all).allSatisfy((item) -> assertThat(item.get("status").stringValue()).isEqualTo(status));
			assertThat(mine).extracting((item) -> item.has("dueDate") ? item.get("dueDate").stringValue() : "none")
				.containsExactly("2031-01-02", "2031-02-01", "2031-03-03", "2031-04-10", "2031-05-04", "none");
			assertThat(pages).isGreaterThanOrEqualTo(3);
			List<String> dated = all.stream()
				.filter((item) -> item.has("dueDate"))
				.map((item) -> item.get("dueDate").stringValue())
				.toList();
			assertThat(dated).isSorted();
		});
	}

	@Test
	void secondOfTwoConflictingUpdatesGets412() {
		String id = this.client.post("/api/todos", "{\"task\":\"shared\",\"status\":\"In Progress\"}")
			.json()
			.get("todoId")
			.stringValue();
		TestApi alice = this.client;
		TestApi bob = TestApi.on(this.port);
		String aliceETag = alice.get("/api/todos/" + id).eTag();
		String bobETag = bob.get("/api/todos/" + id).eTag();
		assertThat(aliceETag).isEqualTo(bobETag).isEqualTo("\"1\"");

		assertThat(alice.patch("/api/todos/" + id, "{\"status\":\"completed\"}", mergePatch(aliceETag)).status())
			.isEqualTo(200);
		Answer conflict = bob.patch("/api/todos/" + id, "{\"task\":\"bob's rename\"}", mergePatch(bobETag));
		assertThat(conflict.status()).isEqualTo(412);
		assertThat(conflict.contentType()).startsWith("application/problem+json");
		assertThat(conflict.json().get("currentVersion").asLong()).isEqualTo(2);

		JsonNode current = bob.get("/api/todos/" + id).json();
		assertThat(current.get("task").stringValue()).isEqualTo("shared");
		assertThat(current.get("status").stringValue()).isEqualTo("completed");

		Answer staleDelete = bob.delete("/api/todos/" + id, conditions(bobETag, null));
		assertThat(staleDelete.status()).isEqualTo(412);
		Answer staleReplace = bob.put("/api/todos/" + id, "{\"task\":\"x\"}", conditions(bobETag, null));
		assertThat(staleReplace.status()).isEqualTo(412);
	}

	@Test
	void exactlyOneOfTwoSimultaneousConditionalUpdatesWins() throws Exception {
		String id = this.client.post("/api/todos", "{\"task\":\"race\"}").json().get("todoId").stringValue();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Callable<Integer>> updates = List.of(
					() -> TestApi.on(this.port)
						.patch("/api/todos/" + id, "{\"task\":\"a\"}", mergePatch("\"1\""))
						.status(),
					() -> TestApi.on(this.port)
						.patch("/api/todos/" + id, "{\"task\":\"b\"}", mergePatch("\"1\""))
						.status());
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> status : pool.invokeAll(updates)) {
				statuses.add(status.get());
			}
			assertThat(statuses).containsExactlyInAnyOrder(200, 412);
			assertThat(this.client.get("/api/todos/" + id).json().get("version").asLong()).isEqualTo(2);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void putCreatesThenReplacesWithClientId() {
		String id = "T9" + (System.nanoTime() % 100000);
		Answer created = this.client.put("/api/todos/" + id, "{\"task\":\"mine\",\"dueDate\":\"2030-01-01\"}",
				conditions(null, "*"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("status").stringValue()).isEqualTo("Not Started");
		assertThat(this.client.put("/api/todos/" + id, "{\"task\":\"again\"}", conditions(null, "*")).status())
			.isEqualTo(412);

		Answer replaced = this.client.put("/api/todos/" + id, "{\"task\":\"replaced\"}", conditions("\"1\"", null));
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.eTag()).isEqualTo("\"2\"");
		assertThat(replaced.json().has("dueDate")).as("replace drops fields not sent").isFalse();
		assertThat(replaced.json().get("createdAt").stringValue())
			.isEqualTo(created.json().get("createdAt").stringValue());
	}

	@Test
	void deletesAndThenReports404() {
		String id = this.client.post("/api/todos", "{\"task\":\"short-lived\"}").json().get("todoId").stringValue();
		assertThat(this.client.delete("/api/todos/" + id, conditions("\"1\"", null)).status()).isEqualTo(204);
		Answer gone = this.client.get("/api/todos/" + id);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.contentType()).startsWith("application/problem+json");
		assertThat(this.client.delete("/api/todos/" + id, conditions(null, null)).status()).isEqualTo(404);
		assertThat(this.client.patch("/api/todos/" + id, "{\"status\":\"completed\"}", mergePatch(null)).status())
			.isEqualTo(404);
	}

	@Test
	void badInputNeverReachesTheTable() {
		Answer malformed = this.client.post("/api/todos", "{\"task\":");
		assertThat(malformed.status()).isEqualTo(400);
		Answer tooLarge = this.client.post("/api/todos",
				"{\"task\":\"" + "x".repeat(80 * 1024) + "\"}");
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.contentType()).startsWith("application/problem+json");
		Answer forged = this.client.get("/api/todos?cursor=abc.def");
		assertThat(forged.status()).isEqualTo(400);
	}

	@Test
	void servesHealthMetricsAndOpenApi() {
		// the stream consumer is OUT_OF_SERVICE (so the whole health too) until it holds its leases
		Answer health = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.client.get("/actuator/health"), (response) -> response.status() == 200);
		JsonNode dynamo = health.json().get("components").get("dynamoDb");
		assertThat(dynamo.get("status").stringValue()).isEqualTo("UP");
		assertThat(dynamo.get("details").get(PREFIX + "Todos").stringValue()).isEqualTo("ACTIVE");
		assertThat(this.client.get("/actuator/info").status()).isEqualTo(200);
		assertThat(this.client.get("/actuator/prometheus").body()).contains("http_server_requests");
		Answer openApi = this.client.get("/v3/api-docs");
		assertThat(openApi.status()).isEqualTo(200);
		assertThat(openApi.json().get("paths").has("/api/todos/{id}")).isTrue();
		assertThat(this.client.get("/swagger-ui/index.html").status()).isEqualTo(200);
	}

}
