package dev.todostreams.stream.config;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application: it answers at once while the stream consumer starts in the background, and
 * {@code /actuator/health/readiness} stays OUT_OF_SERVICE until the consumer holds its leases. The first
 * worker-metrics report, without which KCL's leader assigns no lease, is pushed to 2 x 3 s so the window between
 * "KCL running" and "leases held" is wide enough to look into.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "todo.stream.timing.worker-metrics-capture-interval=3s")
class ReadinessIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Test
	void readinessWaitsForTheConsumersLeases() {
		// the API answers while KCL is still starting
		assertThat(get("/api/ping").statusCode()).isEqualTo(200);

		AtomicReference<Probe> runningWithoutLeases = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Probe probe = readiness();
			if (probe.streamState().equals("RUNNING") && !probe.holdsLeases()) {
				runningWithoutLeases.set(probe);
			}
			return runningWithoutLeases.get() != null || probe.holdsLeases();
		});
		assertThat(runningWithoutLeases.get()).as("KCL running before the leader assigned the lease").isNotNull();
		assertThat(runningWithoutLeases.get().httpStatus()).isEqualTo(503);
		assertThat(runningWithoutLeases.get().status()).isEqualTo("OUT_OF_SERVICE");

		Probe ready = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(this::readiness, (probe) -> probe.httpStatus() == 200);
		assertThat(ready.status()).isEqualTo("UP");
		assertThat(ready.holdsLeases()).isTrue();
		assertThat(ready.body().at("/components/stream/details/shards").size())
			.as("the only worker consumes the shard")
			.isEqualTo(1);
	}

	private Probe readiness() {
		HttpResponse<String> response = get("/actuator/health/readiness");
		JsonNode body = JSON.readTree(response.body());
		JsonNode stream = body.at("/components/stream/details");
		return new Probe(response.statusCode(), body.path("status").asString(), stream.path("state").asString(""),
				stream.path("holdsLeases").asBoolean(false), body);
	}

	private HttpResponse<String> get(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Probe(int httpStatus, String status, String streamState, boolean holdsLeases, JsonNode body) {
	}

}
