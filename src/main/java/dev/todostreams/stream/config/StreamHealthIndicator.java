package dev.todostreams.stream.config;

import java.time.Instant;

import dev.todostreams.stream.kcl.StreamConsumer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code stream} health: UP while the KCL worker runs and has its leases ({@link StreamConsumer#holdsLeases()}),
 * OUT_OF_SERVICE while it starts, waits for leases or stops, DOWN when it failed to start or has stopped. Part of the
 * readiness group, so {@code /actuator/health/readiness} is UP only once changes are being handled. Details: worker id, state, shards held, changes processed, dead letters, last lag.
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
		if (consumer.failure() != null) {
			builder.down(consumer.failure());
			return;
		}
		boolean holdsLeases = consumer.holdsLeases();
		switch (consumer.state()) {
			case RUNNING:
				if (holdsLeases) {
					builder.up();
				}
				else {
					// KCL runs but the leader has not assigned the leases yet: no change would be handled now
					builder.outOfService();
				}
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
			.withDetail("holdsLeases", holdsLeases)
			.withDetail("shards", consumer.shards())
			.withDetail("changesProcessed", this.metrics.processed())
			.withDetail("deadLetters", this.metrics.deadLetters())
			.withDetail("lastLagMillis", this.metrics.lastLagMillis())
			.withDetail("lastProcessedAt", (last != null) ? last.toString() : "never");
	}

}
