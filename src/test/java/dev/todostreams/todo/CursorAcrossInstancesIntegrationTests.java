package dev.todostreams.todo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.todostreams.TodoStreamsApplication;
import dev.todostreams.emulator.DynamoDbEmulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;
import dev.todostreams.testsupport.RunsBeside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, cursor keys: three application instances against one standalone emulator (the set-up of several
 * instances behind a load balancer). A and B share the cursor key; C has rotated to a new key and keeps A's as
 * previous. A listing paged with each page from another instance returns every todo exactly once; a cursor C signs
 * with its new key is refused by A as "no longer valid" (restart the listing), never as a 500 or a silent wrong page.
 */
@RunsBeside
class CursorAcrossInstancesIntegrationTests {

	static final String KEY_1 = "issue-14-test-cursor-key-one-0123456789";

	static final String KEY_2 = "issue-14-test-cursor-key-two-0123456789";

	static DynamoDbEmulator emulator;

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static ConfigurableApplicationContext c;

	static final Set<String> created = new TreeSet<>();

	static final String tag = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void start() {
		emulator = DynamoDbEmulator.start();
		// instances that share tables share the key of the webhook secrets in them too
		String webhookKey = Base64.getEncoder().encodeToString(new byte[32]);
		String[] shared = { "--spring.profiles.active=localstack", "--todo.security.mode=local",
				"--spring.cloud.aws.endpoint=" + emulator.endpoint(), "--todo.webhooks.encryption.key=" + webhookKey,
				// paging needs no stream consumer; three KCL workers would only slow the shared machine down
				"--todo.stream.enabled=false", "--server.port=0" };
		a = run(shared, "--todo.api.cursor-secret=" + KEY_1);
		b = run(shared, "--todo.api.cursor-secret=" + KEY_1);
		c = run(shared, "--todo.api.cursor-secret=" + KEY_2, "--todo.api.previous-cursor-secrets=" + KEY_1);
		TestApi client = client(a);
		for (int i = 0; i < 9; i++) {
			String body = (i % 3 == 0) ? "{\"task\":\"page " + tag + " " + i + "\"}"
					: "{\"task\":\"page " + tag + " " + i + "\",\"dueDate\":\"2032-0" + (1 + i % 9) + "-1" + i + "\"}";
			Answer response = client.post("/api/todos", body);
			assertThat(response.status()).as(response.body()).isEqualTo(201);
			created.add(response.json().get("todoId").stringValue());
		}
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : Arrays.asList(c, b, a)) {
			if (context != null) {
				context.close();
			}
		}
		if (emulator != null) {
			emulator.close();
		}
	}

	@Test
	void aListingPagedAcrossInstancesSharingTheKeyReturnsEveryTodoOnce() {
		List<String> seen = new ArrayList<>();
		List<TestApi> clients = List.of(client(a), client(b));
		String cursor = null;
		int pages = 0;
		do {
			// page 1 from A, page 2 from B, page 3 from A ...: what a load balancer may do
			JsonNode page = page(clients.get(pages % 2), "/api/todos?limit=2", cursor);
			page.get("items").forEach((item) -> seen.add(item.get("todoId").stringValue()));
			cursor = page.has("nextCursor") ? page.get("nextCursor").stringValue() : null;
			pages++;
		}
		while (cursor != null && pages < 50);
		assertThat(pages).as("pages").isGreaterThanOrEqualTo(5);
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
	}

	@Test
	void aRotatedInstanceAcceptsCursorsOfThePreviousKeyAndAnInstanceWithoutTheNewKeyAsksForARestart() {
		// the status listing reads a GSI, eventually consistent: the todos appear in it a moment after their writes
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<String> seen = new ArrayList<>();
			String query = "/api/todos?status=Not%20Started&limit=2";
			JsonNode first = page(client(a), query, null);
			first.get("items").forEach((item) -> seen.add(item.get("todoId").stringValue()));
			String fromA = first.get("nextCursor").stringValue();
			// C signs with KEY_2 but still accepts A's KEY_1 cursor
			JsonNode second = page(client(c), query, fromA);
			second.get("items").forEach((item) -> seen.add(item.get("todoId").stringValue()));
			String fromC = second.get("nextCursor").stringValue();
			assertThat(fromC.substring(0, fromC.indexOf('.'))).isNotEqualTo(fromA.substring(0, fromA.indexOf('.')));
			// B only knows KEY_1: it asks the client to list again, as the board does once
			Answer refused = client(b).get(query + "&cursor=" + fromC);
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("title").stringValue()).isEqualTo("Cursor no longer valid");
			assertThat(refused.json().get("restartListing").booleanValue()).isTrue();
			// C goes on with its own cursor to the end
			String cursor = fromC;
			int pages = 2;
			while (cursor != null && pages < 50) {
				JsonNode page = page(client(c), query, cursor);
				page.get("items").forEach((item) -> seen.add(item.get("todoId").stringValue()));
				cursor = page.has("nextCursor") ? page.get("nextCursor").stringValue() : null;
				pages++;
			}
			assertThat(seen).doesNotHaveDuplicates().containsAll(created);
		});
	}

	private static JsonNode page(TestApi client, String query, @Nullable String cursor) {
		Answer response = client.get(query + ((cursor != null) ? "&cursor=" + cursor : ""));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static TestApi client(ConfigurableApplicationContext context) {
		return TestApi.on(context);
	}

	private static ConfigurableApplicationContext run(String[] shared, String... more) {
		String[] all = Arrays.copyOf(shared, shared.length + more.length);
		System.arraycopy(more, 0, all, shared.length, more.length);
		return new SpringApplicationBuilder(TodoStreamsApplication.class).run(all);
	}

}
