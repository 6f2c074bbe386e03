package dev.todostreams.stream.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.todostreams.stream.DeadLetter;
import dev.todostreams.stream.ItemChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

class StreamMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final StreamMetrics metrics = new StreamMetrics(this.registry);

	private final ItemChange change = new ItemChange("e1", ItemChange.Operation.INSERT,
			Map.of("TodoID", AttributeValue.fromS("T1")), null, Map.of("TodoID", AttributeValue.fromS("T1")), "1",
			Instant.now().minusSeconds(2), false);

	@Test
	void countsProcessedChangesAndMeasuresLagFromTheCreationTime() {
		this.metrics.changeProcessed("shard-1", this.change);
		assertThat(this.registry.get("todo.stream.records.processed").counter().count()).isEqualTo(1.0);
		assertThat(this.registry.get("todo.stream.lag").timer().count()).isEqualTo(1);
		assertThat(this.registry.get("todo.stream.lag.last").gauge().value()).isGreaterThanOrEqualTo(2000.0);
		assertThat(this.metrics.lastProcessedAt()).isNotNull();
	}

	@Test
	void recordsHandlerLatencyFailuresAndDeadLettersPerHandler() {
		this.metrics.handlerSucceeded("h1", this.change, Duration.ofMillis(12));
		this.metrics.handlerFailed("h1", this.change, new IllegalStateException(), 1);
		this.metrics.duplicateSkipped("h1", this.change);
		this.metrics.deadLettered(new DeadLetter("e1:h1", "e1", "h1", "s", "1", this.change, "r", null, 3,
				Instant.now()));
		assertThat(this.registry.get("todo.stream.handler.latency").tag("handler", "h1").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get("todo.stream.handler.failures")
			.tag("handler", "h1")
			.tag("exception", "IllegalStateException")
			.counter()
			.count()).isEqualTo(1.0);
		assertThat(this.registry.get("todo.stream.dead.letters").tag("handler", "h1").counter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("todo.stream.duplicates.skipped").counter().count()).isEqualTo(1.0);
		assertThat(this.metrics.deadLetters()).isEqualTo(1);
	}

	@Test
	void countsForTheHealthIndicatorWhateverRegistryItGets() {
		StreamMetrics bare = new StreamMetrics(new SimpleMeterRegistry());
		bare.changeProcessed("shard-1", this.change);
		assertThat(bare.processed()).isEqualTo(1);
	}

}
