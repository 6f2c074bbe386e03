package dev.todostreams.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static dev.todostreams.testsupport.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/** oauth2 mode: without a valid token nothing but the probes, the ping and the API description answers. */
class AnonymousAccessIntegrationTests extends OAuth2ModeTestBase {

	@ParameterizedTest
	@CsvSource({ "GET,/api/todos", "GET,/api/todos/T1001", "POST,/api/todos", "PATCH,/api/todos/T1001",
			"DELETE,/api/todos/T1001", "GET,/api/changes/recent", "GET,/api/statuses", "GET,/api/webhooks",
			"POST,/api/webhooks", "POST,/api/webhooks/wh_x/rotate-secret", "GET,/api/webhooks/wh_x/deliveries",
			"GET,/api/stream/dead-letters", "POST,/api/stream/dead-letters/x/replay", "GET,/actuator/metrics",
			"GET,/actuator/prometheus", "GET,/actuator/info" })
	void anonymousCallersGetA401ProblemWithABearerChallenge(String method, String path) {
		Answer answer = this.client.send(method, path, method.equals("GET") ? "" : "{}");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
		assertThat(answer.isProblem()).as(answer.toString()).isTrue();
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void aTokenSignedByAnotherKeyIsRefused() {
		Answer answer = this.client.get("/api/todos",
				bearer(this.issuer.forgedToken("mallory", "todo.read")));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(answer.isProblem()).isTrue();
	}

	@Test
	void anExpiredTokenIsRefused() {
		Answer answer = this.client.get("/api/todos",
				bearer(this.issuer.expiredToken("alice", "todo.read")));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void aValidTokenIsAccepted() {
		Answer answer = this.client.get("/api/todos", bearer(token("alice", "todo.read")));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	@Test
	void probesPingAndTheHealthSummaryStayOpenWithoutDetails() {
		assertThat(this.client.get("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(this.client.get("/api/ping").status()).isEqualTo(200);
		Answer readiness = this.client.get("/actuator/health/readiness");
		assertThat(readiness.status()).isIn(200, 503);
		Answer health = this.client.get("/actuator/health");
		assertThat(health.status()).isIn(200, 503);
		assertThat(health.json().has("status")).isTrue();
		assertThat(health.json().has("components")).as(health.body()).isFalse();
		assertThat(health.json().has("details")).isFalse();
	}

	@Test
	void theBoardPageSendsABrowserToTheIssuersSignIn() {
		Answer page = this.client.get("/", "Accept", "text/html");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/oauth2/authorization/test");
	}

}
