package dev.todostreams.stream.config;

import java.time.Instant;

import dev.todostreams.stream.kcl.StreamConsumer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code stream} health: UP while the KCL worker runs, OUT_OF_SERVICE while it starts or stops, DOWN when it failed
 * to start or has stopped. Details: worker id, state, shards held, changes processed, dead letters, last lag.
 */
public class StreamHealthIndicator extends AbstractHealthIndicator {

	private final StreamConsumerLifecycle lifecycle;

	private final StreamMetrics metrics;

	StreamHealthIndicator(StreamConsumerLifecycle lifecycle, StreamMetrics metrics) {
		super("Stream consumer health check failed");
		this.lifecycle = lifecycle;
		this.metrics = metrics;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Throwable failure = this.lifecycle.failure();
		StreamConsumer consumer = this.lifecycle.consumer();
		if (failure != null) {
			builder.down(failure);
			return;
		}
		if (consumer == null) {
			builder.outOfService().withDetail("state", "NOT_STARTED");
			return;
		}
		switch (consumer.state()) {
			case RUNNING:
				builder.up();
				break;
			case NEW:
			case STARTING:
			case STOPPING:
				builder.outOfService();
				break;
			default:
				builder.down();
		}
		Instant last = this.metrics.lastProcessedAt();
		builder.withDetail("workerId", consumer.workerId())
			.withDetail("state", consumer.state().name())
			.withDetail("shards", consumer.shards())
			.withDetail("changesProcessed", this.metrics.processed())
			.withDetail("deadLetters", this.metrics.deadLetters())
			.withDetail("lastLagMillis", this.metrics.lastLagMillis())
			.withDetail("lastProcessedAt", (last != null) ? last.toString() : "never");
	}

}
