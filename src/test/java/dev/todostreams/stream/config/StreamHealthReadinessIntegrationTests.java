package dev.todostreams.stream.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.InMemoryDeadLetterStore;
import dev.todostreams.stream.InMemoryIdempotencyStore;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.stream.kcl.ConsumerHarness;
import dev.todostreams.stream.kcl.StreamConsumer;
import dev.todostreams.stream.kcl.StreamProperties;
import dev.todostreams.testsupport.RunsBeside;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.StaticApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle starts KCL early with deliveries held and opens them on start; the {@code stream} health (a member
 * of the readiness group) says OUT_OF_SERVICE while KCL runs without delivering and UP once the worker consumes its
 * shard. Real KCL on the embedded emulator.
 */
@RunsBeside
class StreamHealthReadinessIntegrationTests {

	private final StreamTestEnvironment env = StreamTestEnvironment.start().withTodoTable();

	private final StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());

	private StreamConsumerLifecycle lifecycle;

	@AfterEach
	void tearDown() {
		if (this.lifecycle != null) {
			this.lifecycle.stop();
			this.lifecycle.destroy();
		}
		this.env.close();
	}

	@Test
	void outOfServiceWhileKclRunsWithoutDeliveringThenUp() {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("dynamo", this.env.dynamo());
		StreamProperties properties = StreamProperties.defaults(StreamTestEnvironment.TABLE, StreamProperties.Preset.FAST);
		this.lifecycle = new StreamConsumerLifecycle(properties,
				() -> ConsumerHarness.consumer(this.env, ConsumerHarness.uniqueApplicationName(), "w1", List.of(),
						new InMemoryIdempotencyStore(Clock.systemUTC()), new InMemoryDeadLetterStore(),
						ChangeProcessingObserver.NONE),
				beans.getBeanProvider(DynamoDbClient.class));
		StreamHealthIndicator health = new StreamHealthIndicator(this.lifecycle, this.metrics);

		this.lifecycle.afterPropertiesSet();
		assertThat(this.lifecycle.isRunning()).as("not started as a lifecycle yet").isFalse();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.lifecycle.consumer().state() == StreamConsumer.State.RUNNING);
		Health held = health.health(true);
		assertThat(held.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(held.getDetails()).containsEntry("state", "RUNNING").containsEntry("holdsLeases", false);

		this.lifecycle.start();
		assertThat(this.lifecycle.isRunning()).isTrue();
		assertThat(health.health(true).getStatus()).as("deliveries open only once the context has started")
			.isEqualTo(Status.OUT_OF_SERVICE);
		this.lifecycle.onApplicationEvent(new ContextRefreshedEvent(new StaticApplicationContext()));
		await().atMost(Duration.ofSeconds(30)).until(() -> health.health(true).getStatus().equals(Status.UP));
		assertThat(health.health(true).getDetails()).containsEntry("holdsLeases", true);
		assertThat(this.lifecycle.consumer().shards()).hasSize(1);
	}

}
