package dev.todostreams.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static dev.todostreams.testsupport.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/** oauth2 mode: each authority opens its part of the API and nothing else (403 problem otherwise). */
class ScopeIntegrationTests extends OAuth2ModeTestBase {

	private static final String TODO = "{\"task\":\"scoped\",\"status\":\"Not Started\"}";

	@Test
	void meNamesTheTokensSubjectAndOnlyItsAuthorities() {
		Answer me = this.client.get("/api/me", bearer(token("reader-me", "todo.read")));
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().get("name").stringValue()).isEqualTo("reader-me");
		assertThat(me.json().get("mode").stringValue()).isEqualTo("oauth2");
		assertThat(me.json().get("authorities").valueStream().map((a) -> a.stringValue()))
			.containsExactly("SCOPE_todo.read");
		assertThat(me.json().has("signOut")).as("a bearer caller has no session to end").isFalse();
		assertThat(this.client.get("/api/me").status()).as("anonymous").isEqualTo(401);
	}

	@Test
	void readScopeReadsButCannotWrite() {
		String reader = token("reader", "todo.read");
		assertThat(this.client.get("/api/todos", bearer(reader)).status()).isEqualTo(200);
		assertThat(this.client.get("/api/statuses", bearer(reader)).status()).isEqualTo(200);
		Answer write = this.client.post("/api/todos", TODO, bearer(reader));
		assertThat(write.status()).as(write.toString()).isEqualTo(403);
		assertThat(write.isProblem()).isTrue();
	}

	@Test
	void writeScopeWritesButCannotRead() {
		String writer = token("writer", "todo.write");
		Answer created = this.client.post("/api/todos", TODO, bearer(writer));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(this.client.get("/api/todos", bearer(writer)).status()).isEqualTo(403);
	}

	@Test
	void todoScopesDoNotOpenWebhooksOrAdministration() {
		String user = token("user", "todo.read", "todo.write");
		assertThat(this.client.get("/api/webhooks", bearer(user)).status()).isEqualTo(403);
		assertThat(this.client.post("/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}", bearer(user)).status())
			.isEqualTo(403);
		assertThat(this.client.get("/api/stream/dead-letters", bearer(user)).status()).isEqualTo(403);
		assertThat(this.client.get("/actuator/metrics", bearer(user)).status()).isEqualTo(403);
	}

	@Test
	void webhooksScopeDoesNotOpenAdministration() {
		String owner = token("owner", "webhooks");
		assertThat(this.client.get("/api/webhooks", bearer(owner)).status()).isEqualTo(200);
		assertThat(this.client.get("/api/stream/dead-letters", bearer(owner)).status()).isEqualTo(403);
		assertThat(this.client.post("/api/stream/dead-letters/x/replay", "", bearer(owner)).status()).isEqualTo(403);
		assertThat(this.client.get("/actuator/prometheus", bearer(owner)).status()).isEqualTo(403);
	}

	@Test
	void adminScopeOpensDeadLettersMetricsAndHealthDetails() {
		String admin = token("root", "admin");
		assertThat(this.client.get("/api/stream/dead-letters", bearer(admin)).status()).isEqualTo(200);
		assertThat(this.client.get("/actuator/metrics", bearer(admin)).status()).isEqualTo(200);
		Answer prometheus = this.client.get("/actuator/prometheus", bearer(admin));
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_");
		Answer health = this.client.get("/actuator/health", bearer(admin));
		assertThat(health.json().has("components")).as(health.body()).isTrue();
	}

	@Test
	void groupsClaimGrantsTheConfiguredAuthorities() {
		String writerByGroup = this.issuer.token("grouped", "", Map.of("cognito:groups", List.of("todo-writers")));
		assertThat(this.client.post("/api/todos", TODO, bearer(writerByGroup)).status()).isEqualTo(201);
		assertThat(this.client.get("/api/todos", bearer(writerByGroup)).status()).isEqualTo(200);
		assertThat(this.client.get("/api/webhooks", bearer(writerByGroup)).status()).isEqualTo(403);
		String adminByGroup = this.issuer.token("grouped-admin", "", Map.of("cognito:groups", List.of("todo-admins")));
		assertThat(this.client.get("/api/stream/dead-letters", bearer(adminByGroup)).status()).isEqualTo(200);
		String unknownGroup = this.issuer.token("nobody", "", Map.of("cognito:groups", List.of("todo-guests")));
		assertThat(this.client.get("/api/todos", bearer(unknownGroup)).status()).isEqualTo(403);
	}

	@Test
	void bearerWritesNeedNoCsrfToken() {
		Answer created = this.client.post("/api/todos", TODO, "Authorization",
				"Bearer " + token("api", "todo.write"), "Origin", "https://elsewhere.example");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

}
