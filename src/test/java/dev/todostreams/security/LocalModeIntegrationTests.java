package dev.todostreams.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import dev.todostreams.testsupport.SharedContexts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default mode (no profile): no login, loopback only, foreign Host names refused (DNS rebinding), state-changing
 * requests from another origin refused (CSRF), while the same-origin UI and non-browser clients work as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { SharedContexts.NO_STREAM_TABLES, SharedContexts.NO_STREAM })
class LocalModeIntegrationTests {

	private static final String TODO = "{\"task\":\"local\",\"status\":\"Not Started\"}";

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	TestApi client;

	@BeforeEach
	void client() {
		this.client = TestApi.withCookies(this.port);
	}

	@Test
	void listensOnLoopbackAndAllowsPrivateWebhookTargets() {
		assertThat(this.environment.getProperty("todo.security.mode")).isEqualTo("local");
		assertThat(this.environment.getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(this.environment.getProperty("todo.webhooks.allow-private-targets")).isEqualTo("true");
	}

	@Test
	void theLocalDeveloperHoldsEveryAuthorityWithoutSigningIn() {
		assertThat(this.client.post("/api/todos", TODO).status()).isEqualTo(201);
		assertThat(this.client.get("/api/todos").status()).isEqualTo(200);
		assertThat(this.client.get("/api/webhooks").status()).isEqualTo(200);
		assertThat(this.client.get("/actuator/metrics").status()).isEqualTo(200);
		assertThat(this.client.get("/").status()).isEqualTo(200);
		assertThat(this.client.get("/actuator/health").json().has("components")).isTrue();
	}

	@Test
	void theHeaderNamesTheLocalDeveloperWithNothingToSignOutOf() {
		Answer me = this.client.get("/api/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().get("name").stringValue()).isEqualTo("local-developer");
		assertThat(me.json().get("mode").stringValue()).isEqualTo("local");
		assertThat(me.json().get("authorities").valueStream().map((a) -> a.stringValue()))
			.containsExactlyInAnyOrder("SCOPE_todo.read", "SCOPE_todo.write", "SCOPE_webhooks", "SCOPE_admin");
		assertThat(me.json().has("signOut")).isFalse();
	}

	@Test
	void sameOriginWritesAndClientsWithoutOriginPass() {
		String own = "http://127.0.0.1:" + this.port;
		assertThat(this.client.post("/api/todos", TODO, "Origin", own, "Sec-Fetch-Site", "same-origin").status())
			.isEqualTo(201);
		assertThat(this.client.post("/api/todos", TODO).status()).as("curl, the benchmarks").isEqualTo(201);
		assertThat(this.client.post("/api/todos", TODO, "Sec-Fetch-Site", "none").status())
			.as("typed by the user").isEqualTo(201);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example", "http://localhost:3000", "null", "http://127.0.0.1:1" })
	void writesFromAnotherOriginAreRefused(String origin) {
		Answer answer = this.client.post("/api/todos", TODO, "Origin", origin);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
		assertThat(answer.isProblem()).isTrue();
		assertThat(answer.json().get("title").stringValue()).isEqualTo("Cross-site request refused");
	}

	@Test
	void theSecretRotationOfTheIssueIsRefusedFromAnotherSite() {
		Answer created = this.client.post("/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").stringValue();
		// a form POST without a body needs no preflight: the attack of the issue
		Answer rotated = this.client.post("/api/webhooks/" + id + "/rotate-secret", "", "Origin",
				"https://evil.example", "Sec-Fetch-Site", "cross-site");
		assertThat(rotated.status()).isEqualTo(403);
		assertThat(this.client.send("DELETE", "/api/webhooks/" + id, "", "Sec-Fetch-Site", "cross-site").status())
			.isEqualTo(403);
		assertThat(this.client.send("DELETE", "/api/webhooks/" + id, "", "Sec-Fetch-Site", "same-site").status())
			.as("another port of localhost is another origin").isEqualTo(403);
		assertThat(this.client.get("/api/webhooks/" + id).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "localhost", "[::1]", "127.1.2.3", "LOCALHOST" })
	void loopbackHostNamesAreServed(String host) throws IOException {
		assertThat(rawGet(host + ":" + this.port, "/api/todos")).startsWith("HTTP/1.1 200");
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example", "rebind.attacker.test", "10.0.0.1", "localhost.evil.example", "0.0.0.0" })
	void foreignHostNamesAreRefusedAsProblems(String host) throws IOException {
		String answer = rawGet(host + ":" + this.port, "/api/todos");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).contains("application/problem+json").contains("Request rejected");
	}

	/** Raw HTTP/1.1: the JDK client will not send a Host that differs from the URL. */
	private String rawGet(String host, String path) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
