package dev.todostreams.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * oauth2 mode, the browser's way in: OAuth2 login (authorization code with PKCE) against the in-test issuer, then a
 * session whose writes need the CSRF token of the XSRF-TOKEN cookie in the X-XSRF-TOKEN header.
 */
class OAuth2LoginCsrfIntegrationTests extends OAuth2ModeTestBase {

	private static final String TODO = "{\"task\":\"from the browser\",\"status\":\"Not Started\"}";

	@Test
	void signsInWithPkceAndKeepsASession() {
		int pkceBefore = this.issuer.pkceChecked();
		signIn("browser-" + System.nanoTime(), List.of("todo.read", "todo.write"), Map.of());
		assertThat(this.issuer.pkceChecked()).as("the token request proved the S256 challenge").isGreaterThan(pkceBefore);
		Answer list = this.client.get("/api/todos");
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
	}

	@Test
	void sessionWritesWithoutTheCsrfTokenAreRefused() {
		signIn("browser-" + System.nanoTime(), List.of("todo.read", "todo.write"), Map.of());
		Answer refused = this.client.post("/api/todos", TODO);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.isProblem()).isTrue();
		assertThat(refused.json().get("title").stringValue()).isEqualTo("Cross-site request refused");
		Answer wrong = this.client.post("/api/todos", TODO, "X-XSRF-TOKEN", "not-the-token");
		assertThat(wrong.status()).isEqualTo(403);
	}

	@Test
	void sessionWritesWithTheCsrfTokenPass() {
		signIn("browser-" + System.nanoTime(), List.of("todo.read", "todo.write"), Map.of());
		this.client.get("/api/todos");
		String token = this.client.cookie("XSRF-TOKEN").orElseThrow();
		Answer created = this.client.post("/api/todos", TODO, "X-XSRF-TOKEN", token);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	@Test
	void theIdTokensGroupsGrantAuthoritiesInTheBrowserToo() {
		signIn("browser-admin-" + System.nanoTime(), List.of(), Map.of("cognito:groups", List.of("todo-admins")));
		assertThat(this.client.get("/api/stream/dead-letters").status()).isEqualTo(200);
		assertThat(this.client.get("/api/todos").status()).isEqualTo(200);
	}

	@Test
	void aSignedInUserWithoutWebhooksAuthorityIsForbiddenThere() {
		signIn("browser-" + System.nanoTime(), List.of("todo.read"), Map.of());
		Answer webhooks = this.client.get("/api/webhooks");
		assertThat(webhooks.status()).isEqualTo(403);
		assertThat(webhooks.isProblem()).isTrue();
	}

	@Test
	void theHeaderNamesTheSignedInPersonAndSigningOutEndsTheSessionHereAndAtTheIssuer() {
		String subject = "browser-" + System.nanoTime();
		signIn(subject, List.of("todo.read"), Map.of("preferred_username", "ada"));
		Answer me = this.client.get("/api/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().get("name").stringValue()).isEqualTo(subject);
		assertThat(me.json().get("displayName").stringValue()).isEqualTo("ada");
		JsonNode signOut = me.json().get("signOut");
		assertThat(signOut.get("action").stringValue()).isEqualTo("/logout");

		assertThat(this.client.post("/logout", "").status()).as("sign-out needs the CSRF token").isEqualTo(403);
		// what the page's sign-out form sends
		Answer out = this.client.post("/logout",
				signOut.get("parameter").stringValue() + "="
						+ URLEncoder.encode(signOut.get("token").stringValue(), StandardCharsets.UTF_8),
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(out.status()).as(out.toString()).isEqualTo(302);
		assertThat(out.header("Location")).as("OpenID Connect RP-initiated logout")
			.startsWith(this.issuer.uri() + "/logout?")
			.contains("id_token_hint=")
			.contains("post_logout_redirect_uri=");
		assertThat(this.client.get("/api/me").status()).as("the session has ended").isEqualTo(401);
	}

	/** The browser's redirects, followed by hand: app -> issuer -> app callback -> the board. */
	private void signIn(String subject, List<String> scopes, Map<String, Object> idTokenClaims) {
		this.issuer.nextLogin(subject, scopes, idTokenClaims);
		Answer start = this.client.get("/oauth2/authorization/test");
		assertThat(start.status()).as(start.toString()).isEqualTo(302);
		String authorize = start.header("Location");
		assertThat(authorize).startsWith(this.issuer.uri() + "/authorize").contains("code_challenge=")
			.contains("code_challenge_method=S256");
		Answer issued = this.client.get(authorize);
		assertThat(issued.status()).isEqualTo(302);
		Answer callback = this.client.get(issued.header("Location"));
		assertThat(callback.status()).as(callback.toString()).isEqualTo(302);
		assertThat(callback.header("Location")).doesNotContain("error");
		assertThat(this.client.cookie("JSESSIONID")).isPresent();
	}

}
