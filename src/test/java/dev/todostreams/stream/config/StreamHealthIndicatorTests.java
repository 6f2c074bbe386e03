package dev.todostreams.stream.config;

import dev.todostreams.stream.kcl.StreamProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Status;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamHealthIndicatorTests {

	private final StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());

	@Test
	void notStartedConsumerIsOutOfService() {
		StreamConsumerLifecycle lifecycle = new StreamConsumerLifecycle(
				StreamProperties.defaults("Todos", StreamProperties.Preset.FAST), () -> {
					throw new IllegalStateException("never called");
				}, new StaticListableBeanFactory().getBeanProvider(DynamoDbClient.class));
		assertThat(new StreamHealthIndicator(lifecycle, this.metrics).health(true).getStatus())
			.isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(lifecycle.isRunning()).isFalse();
	}

	@Test
	void failedStartIsDownWithTheReason() {
		StreamConsumerLifecycle lifecycle = new StreamConsumerLifecycle(
				StreamProperties.defaults("Todos", StreamProperties.Preset.FAST), () -> {
					throw new IllegalStateException("never called");
				}, new StaticListableBeanFactory().getBeanProvider(DynamoDbClient.class));
		assertThatThrownBy(lifecycle::start).isInstanceOf(RuntimeException.class);
		assertThat(new StreamHealthIndicator(lifecycle, this.metrics).health(true).getStatus())
			.isEqualTo(Status.DOWN);
	}

}
