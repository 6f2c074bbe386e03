package dev.todostreams.notify;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriptions API over real HTTP, as in the {@code aws} mode: private targets are refused. The stream consumer
 * is off; delivery is covered by {@link WebhookDeliveryIntegrationTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.tables.prefix=it-wh-api-", "todo.stream.enabled=false",
				"todo.webhooks.allow-private-targets=false" })
@Isolated
class WebhookApiIntegrationTests {

	static final String PUBLIC_URL = "https://93.184.216.34/hooks/todos";

	@LocalServerPort
	int port;

	TestApi client;

	@BeforeEach
	void client() {
		this.client = TestApi.on(this.port);
	}

	@Test
	void showsTheSecretOnlyOnCreateAndRotateAndNeverLogsIt(CapturedOutput output) {
		Answer created = this.client.post("/api/webhooks", "{\"url\":\"" + PUBLIC_URL
				+ "\",\"description\":\"CRM\",\"filter\":{\"from\":[\"*\"],\"to\":[\"completed\"]}}");
		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.json();
		String id = body.get("id").stringValue();
		String secret = body.get("secret").stringValue();
		assertThat(secret).startsWith("whsec_");
		assertThat(body.get("url").stringValue()).isEqualTo(PUBLIC_URL);
		assertThat(body.get("enabled").booleanValue()).isTrue();
		assertThat(body.get("filter").get("to").get(0).stringValue()).isEqualTo("completed");

		Answer read = this.client.get("/api/webhooks/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().has("secret")).isFalse();
		assertThat(read.body()).doesNotContain(secret).doesNotContain("whsec_");
		Answer list = this.client.get("/api/webhooks");
		assertThat(list.body()).contains(id).doesNotContain("whsec_");

		Answer rotated = this.client.post("/api/webhooks/" + id + "/rotate-secret", "");
		assertThat(rotated.status()).isEqualTo(200);
		String next = rotated.json().get("secret").stringValue();
		assertThat(next).startsWith("whsec_").isNotEqualTo(secret);
		assertThat(rotated.json().has("previousSecretValidUntil")).isTrue();
		assertThat(this.client.get("/api/webhooks/" + id).body()).doesNotContain("whsec_")
			.contains("previousSecretValidUntil");

		assertThat(output.getAll()).contains(id).doesNotContain(secret).doesNotContain(next);
		assertThat(output.getAll()).doesNotContain(secret.substring(6)).doesNotContain(next.substring(6));
	}

	@Test
	void updatesFilterAndEnabledAndDeletes() {
		String id = this.client.post("/api/webhooks", "{\"url\":\"" + PUBLIC_URL + "\"}").json().get("id").stringValue();
		Answer defaults = this.client.get("/api/webhooks/" + id);
		assertThat(defaults.json().get("filter").get("from").get(0).stringValue()).isEqualTo("*");

		Answer disabled = this.client.patch("/api/webhooks/" + id,
				"{\"enabled\":false,\"filter\":{\"from\":[\"(none)\"],\"to\":[\"Not Started\",\"In Progress\"]}}");
		assertThat(disabled.status()).isEqualTo(200);
		assertThat(disabled.json().get("enabled").booleanValue()).isFalse();
		assertThat(disabled.json().get("filter").get("from").get(0).stringValue()).isEqualTo("(none)");
		assertThat(disabled.json().get("filter").get("to")).hasSize(2);

		Answer enabled = this.client.patch("/api/webhooks/" + id,
				"{\"enabled\":true,\"description\":\"again\"}");
		assertThat(enabled.json().get("enabled").booleanValue()).isTrue();
		assertThat(enabled.json().get("description").stringValue()).isEqualTo("again");
		assertThat(enabled.json().get("filter").get("from").get(0).stringValue()).isEqualTo("(none)");

		assertThat(this.client.delete("/api/webhooks/" + id).status()).isEqualTo(204);
		assertProblem(this.client.get("/api/webhooks/" + id), 404, "no webhook subscription");
		assertProblem(this.client.delete("/api/webhooks/" + id), 404, "no webhook subscription");
		assertProblem(this.client.get("/api/webhooks/" + id + "/deliveries"), 404, "no webhook subscription");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8080/hook", "http://[::1]/hook", "http://10.0.0.1/hook",
			"http://169.254.169.254/latest/meta-data/", "http://localhost:9000/hook", "http://[::ffff:10.0.0.1]/" })
	void refusesWebhookTargetOnPrivateNetwork(String url) {
		Answer refused = this.client.post("/api/webhooks", "{\"url\":\"" + url + "\"}");
		assertProblem(refused, 400, "only target public addresses");
		assertThat(refused.json().get("title").stringValue()).isEqualTo("Webhook target refused");
		assertThat(this.client.get("/api/webhooks").body()).doesNotContain(url);
	}

	@Test
	void refusesAPrivateTargetOnUpdateToo() {
		String id = this.client.post("/api/webhooks", "{\"url\":\"" + PUBLIC_URL + "\"}").json().get("id").stringValue();
		assertProblem(this.client.patch("/api/webhooks/" + id, "{\"url\":\"http://127.0.0.1/\"}"), 400,
				"public addresses");
		assertThat(this.client.get("/api/webhooks/" + id).json().get("url").stringValue()).isEqualTo(PUBLIC_URL);
	}

	@Test
	void answersBadInputWithProblems() {
		assertProblem(this.client.post("/api/webhooks", "{}"), 400, "'url' is required");
		assertProblem(this.client.post("/api/webhooks", "{\"url\":\"not a url\"}"), 400, "not a valid URL");
		assertProblem(this.client.post("/api/webhooks", "{\"url\":\"/relative\"}"), 400, "absolute");
		assertProblem(this.client.post("/api/webhooks", "{\"url\":\"ftp://93.184.216.34/\"}"), 400, "http or https");
		assertProblem(this.client.post("/api/webhooks", "{\"url\":\"" + PUBLIC_URL + "\",\"filter\":{\"to\":[\"done\"]}}"),
				400, "'filter.to' contains 'done'");
		assertProblem(this.client.post("/api/webhooks", "{\"url\":\"" + PUBLIC_URL + "\",\"filter\":{\"to\":[]}}"),
				400, "'filter.to' needs");
		assertProblem(this.client.post("/api/webhooks", "{\"url\":\"" + PUBLIC_URL + "\",\"description\":\""
				+ "x".repeat(501) + "\"}"), 400, "'description'");
		Answer malformed = this.client.post("/api/webhooks", "{\"url\":");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.contentType()).startsWith("application/problem+json");
		Answer wrongType = this.client.post("/api/webhooks", "{\"url\":42}");
		assertThat(wrongType.status()).isEqualTo(400);
		String id = this.client.post("/api/webhooks", "{\"url\":\"" + PUBLIC_URL + "\"}").json().get("id").stringValue();
		assertProblem(this.client.get("/api/webhooks/" + id + "/deliveries?state=lost"), 400, "'state'");
		assertProblem(this.client.get("/api/webhooks/" + id + "/deliveries?since=yesterday"), 400, "'since'");
		assertProblem(this.client.get("/api/webhooks/" + id + "/deliveries?limit=0"), 400, "'limit'");
		assertProblem(this.client.post("/api/webhooks/" + id + "/redeliver-failed", ""), 400, "'since' is required");
		assertProblem(this.client.post("/api/webhooks/" + id + "/deliveries/msg_nope/redeliver", ""), 404,
				"no delivery");
		assertThat(this.client.get("/api/webhooks/" + id + "/deliveries").json().get("items")).isEmpty();
	}

	private static void assertProblem(Answer response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").stringValue()).contains(detail);
	}

}
