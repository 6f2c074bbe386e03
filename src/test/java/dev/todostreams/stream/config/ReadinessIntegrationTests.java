package dev.todostreams.stream.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application: {@code /actuator/health/readiness} includes the stream consumer and is UP only while the
 * consumer holds its leases (the OUT_OF_SERVICE phase itself is shown deterministically in
 * {@link StreamHealthReadinessIntegrationTests}, where the test decides when deliveries open).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	LoggingSystem logging;

	/**
	 * KCL's per-round INFO lines (~150 a second with the FAST preset) are off; its warnings, and the lines that say a
	 * lease changed hands, are not.
	 */
	@Test
	void kclRoundChatterIsQuietButLeaseChangesStayVisible() {
		assertThat(List.of("software.amazon.kinesis.coordinator.assignment.LeaseAssignmentManager",
				"software.amazon.kinesis.coordinator.assignment.VarianceBasedLeaseAssignmentDecider",
				"software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseDiscoverer",
				"software.amazon.kinesis.leader.DynamoDBLockBasedLeaderDecider"))
			.allSatisfy((logger) -> assertThat(this.logging.getLoggerConfiguration(logger).getEffectiveLevel())
				.as(logger)
				.isEqualTo(LogLevel.WARN));
		assertThat(this.logging.getLoggerConfiguration("software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseRefresher")
			.getEffectiveLevel()).isEqualTo(LogLevel.INFO);
		assertThat(this.logging.getLoggerConfiguration("dev.todostreams.stream.kcl").getEffectiveLevel())
			.isEqualTo(LogLevel.INFO);
	}

	@Test
	void readinessIsUpOnlyWhileTheConsumerHoldsItsLeases() {
		TestApi api = TestApi.on(this.port);
		assertThat(api.get("/api/ping").status()).isEqualTo(200);
		List<Probe> probes = new CopyOnWriteArrayList<>();
		Probe ready = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				Probe probe = readiness(api);
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

	private static Probe readiness(TestApi api) {
		Answer response = api.get("/actuator/health/readiness");
		JsonNode body = response.json();
		JsonNode stream = body.at("/components/stream/details");
		return new Probe(response.status(), body.path("status").asString(), stream.path("state").asString(""),
				stream.path("holdsLeases").asBoolean(false), body);
	}

	record Probe(int httpStatus, String status, String streamState, boolean holdsLeases, JsonNode body) {
	}

}
