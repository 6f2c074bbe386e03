package dev.todostreams.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static dev.todostreams.testsupport.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * oauth2 mode: a subscription belongs to the principal that created it. Another principal gets the same 404 as for a
 * subscription that does not exist, for the subscription and everything under it; an administrator sees them all.
 */
class WebhookOwnershipIntegrationTests extends OAuth2ModeTestBase {

	@Test
	void anotherPrincipalGets404ForEverythingOfTheSubscription() {
		String alice = token(unique("alice"), "webhooks");
		String bob = token(unique("bob"), "webhooks");
		String id = create(alice);
		String base = "/api/webhooks/" + id;
		List<Answer> answers = new ArrayList<>();
		answers.add(this.client.get(base, bearer(bob)));
		answers.add(this.client.send("PATCH", base, "{\"url\":\"http://127.0.0.1:9/stolen\"}", bearer(bob)));
		answers.add(this.client.post(base + "/rotate-secret", "", bearer(bob)));
		answers.add(this.client.get(base + "/deliveries", bearer(bob)));
		answers.add(this.client.get(base + "/deliveries/d1", bearer(bob)));
		answers.add(this.client.post(base + "/deliveries/d1/redeliver", "", bearer(bob)));
		answers.add(this.client.post(base + "/redeliver-failed?since=2026-01-01T00:00:00Z", "", bearer(bob)));
		answers.add(this.client.send("DELETE", base, "", bearer(bob)));
		for (Answer answer : answers) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
			assertThat(answer.isProblem()).isTrue();
			assertThat(answer.body()).doesNotContain("whsec_").doesNotContain("127.0.0.1:9/hook");
		}
		Answer own = this.client.get(base, bearer(alice));
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().get("url").stringValue()).as("bob's PATCH changed nothing").endsWith("/hook");
	}

	@Test
	void listsShowOnlyTheCallersOwnSubscriptions() {
		String alice = token(unique("alice"), "webhooks");
		String bob = token(unique("bob"), "webhooks");
		String alices = create(alice);
		String bobs = create(bob);
		assertThat(ids(this.client.get("/api/webhooks", bearer(alice)))).contains(alices).doesNotContain(bobs);
		assertThat(ids(this.client.get("/api/webhooks", bearer(bob)))).contains(bobs).doesNotContain(alices);
	}

	@Test
	void anAdministratorSeesAndManagesEverySubscription() {
		String alice = token(unique("alice"), "webhooks");
		String bob = token(unique("bob"), "webhooks");
		String alices = create(alice);
		String bobs = create(bob);
		String admin = token(unique("admin"), "admin");
		assertThat(ids(this.client.get("/api/webhooks", bearer(admin)))).contains(alices, bobs);
		assertThat(this.client.get("/api/webhooks/" + alices, bearer(admin)).status()).isEqualTo(200);
		assertThat(this.client.get("/api/webhooks/" + bobs + "/deliveries", bearer(admin)).status()).isEqualTo(200);
		assertThat(this.client.send("DELETE", "/api/webhooks/" + bobs, "", bearer(admin)).status()).isEqualTo(204);
		assertThat(this.client.get("/api/webhooks/" + bobs, bearer(bob)).status()).isEqualTo(404);
	}

	@Test
	void thePrincipalIsTheTokensSubjectNotItsScopes() {
		String subject = unique("carol");
		String id = create(token(subject, "webhooks"));
		String sameSubjectOtherToken = token(subject, "webhooks", "todo.read");
		assertThat(this.client.get("/api/webhooks/" + id, bearer(sameSubjectOtherToken)).status()).isEqualTo(200);
	}

	@Test
	void aPrincipalCannotOwnMoreThanTheCap() {
		String dave = token(unique("dave"), "webhooks");
		for (int i = 0; i < 3; i++) {
			create(dave);
		}
		Answer fourth = this.client.post("/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}",
				bearer(dave));
		assertThat(fourth.status()).as(fourth.toString()).isEqualTo(409);
		assertThat(fourth.isProblem()).isTrue();
		assertThat(fourth.json().get("title").stringValue()).isEqualTo("Webhook subscription limit reached");
		String erin = token(unique("erin"), "webhooks");
		assertThat(this.client.post("/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}", bearer(erin)).status())
			.as("the cap is per principal").isEqualTo(201);
	}

	@Test
	void theLiveFeedShowsEveryChangeButOnlyOnesOwnDeliveries() {
		String aliceName = unique("alice");
		String alice = token(aliceName, "webhooks", "todo.read");
		String bob = token(unique("bob"), "webhooks", "todo.read");
		String admin = token(unique("admin"), "admin", "todo.read");
		String subscription = create(alice);
		Answer todo = this.client.post("/api/todos", "{\"task\":\"watched\",\"status\":\"Not Started\"}",
				bearer(token("writer", "todo.write")));
		assertThat(todo.status()).isEqualTo(201);
		String todoId = todo.json().get("todoId").stringValue();
		// a status change of an existing todo is what the default filter (* -> *) delivers
		assertThat(this.client.send("PATCH", "/api/todos/" + todoId, "{\"status\":\"completed\"}",
				bearer(token("writer", "todo.write"))).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(deliveries(admin, todoId))
			.contains(subscription));
		assertThat(deliveries(alice, todoId)).contains(subscription);
		assertThat(deliveries(bob, todoId)).doesNotContain(subscription);
		assertThat(this.client.get("/api/changes/recent?limit=1000", bearer(bob)).body()).contains(todoId)
			.doesNotContain(subscription);
	}

	/** The subscription ids of the deliveries the viewer sees for a todo's changes. */
	private List<String> deliveries(String viewer, String todoId) {
		Answer recent = this.client.get("/api/changes/recent?limit=1000", bearer(viewer));
		assertThat(recent.status()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		for (JsonNode change : recent.json().get("items")) {
			if (todoId.equals(change.get("todoId").stringValue()) && change.has("deliveries")) {
				for (JsonNode delivery : change.get("deliveries")) {
					ids.add(delivery.get("subscriptionId").stringValue());
				}
			}
		}
		return ids;
	}

	private String create(String token) {
		Answer created = this.client.post("/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}",
				bearer(token));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").stringValue();
	}

	private static List<String> ids(Answer list) {
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		for (JsonNode subscription : list.json().get("items")) {
			ids.add(subscription.get("id").stringValue());
		}
		return ids;
	}

	private static String unique(String name) {
		return name + "-" + UUID.randomUUID();
	}

}
