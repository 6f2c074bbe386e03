package dev.todostreams.stream.config;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application: {@code /actuator/health/readiness} includes the stream consumer and is UP only while the
 * consumer holds its leases (the OUT_OF_SERVICE phase itself is shown deterministically in
 * {@link StreamHealthReadinessIntegrationTests}, where the test decides when deliveries open).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Test
	void readinessIsUpOnlyWhileTheConsumerHoldsItsLeases() {
		assertThat(get("/api/ping").statusCode()).isEqualTo(200);
		List<Probe> probes = new CopyOnWriteArrayList<>();
		Probe ready = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				Probe probe = readiness();
				probes.add(probe);
				return probe;
			}, (probe) -> probe.httpStatus() == 200);
		assertThat(ready.status()).isEqualTo("UP");
		assertThat(ready.body().at("/components/stream/status").asString()).isEqualTo("UP");
		assertThat(ready.holdsLeases()).isTrue();
		assertThat(ready.body().at("/components/stream/details/shards").size())
			.as("the only worker consumes the shard")
			.isEqualTo(1);
		assertThat(probes).allSatisfy((probe) -> assertThat(probe.httpStatus() == 200).as(probe.body().toString())
			.isEqualTo(probe.holdsLeases() && probe.streamState().equals("RUNNING")));
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
