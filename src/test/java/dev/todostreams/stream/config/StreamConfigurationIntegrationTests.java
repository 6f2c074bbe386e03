package dev.todostreams.stream.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.stream.kcl.ConsumerHarness;
import dev.todostreams.stream.kcl.StreamConsumer;
import dev.todostreams.system.TableNameResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Spring wiring: lifecycle starts KCL with the context and stops it with it; metrics and health follow. */
class StreamConfigurationIntegrationTests {

	private static StreamTestEnvironment env;

	@BeforeAll
	static void start() {
		env = StreamTestEnvironment.start().withTodoTable();
	}

	@AfterAll
	static void stop() {
		env.close();
	}

	@Test
	void consumerRunsWithTheContextAndReportsHealthAndMetrics() {
		new ApplicationContextRunner().withUserConfiguration(StreamConfiguration.class, Clients.class)
			.withPropertyValues("todo.stream.application-name=" + ConsumerHarness.uniqueApplicationName(),
					"todo.stream.worker-id=spring-worker")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				env.putTodo("T1", "In Progress", 1);
				await().atMost(Duration.ofSeconds(30)).until(() -> listener.changes.size() == 1);
				StreamConsumerLifecycle lifecycle = context.getBean(StreamConsumerLifecycle.class);
				assertThat(lifecycle.isRunning()).isTrue();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> context.getBean(StreamHealthIndicator.class).health(true).getStatus(),
							(status) -> status.equals(Status.UP));
				assertThat(context.getBean(StreamHealthIndicator.class).health(true).getDetails())
					.containsEntry("workerId", "spring-worker")
					.containsKey("shards");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> registry.find("todo.stream.records.processed").counter() != null);
				assertThat(registry.get("todo.stream.handler.latency").tag("handler", "listener").timer().count())
					.isEqualTo(1);
				StreamConsumer consumer = lifecycle.consumer();
				context.close();
				assertThat(consumer.state()).isEqualTo(StreamConsumer.State.STOPPED);
			});
	}

	@Test
	void disabledConsumerCreatesNothing() {
		new ApplicationContextRunner().withUserConfiguration(StreamConfiguration.class, Clients.class)
			.withPropertyValues("todo.stream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StreamConsumerLifecycle.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Clients {

		@Bean
		DynamoDbClient dynamoDbClient() {
			return env.dynamo();
		}

		@Bean
		DynamoDbAsyncClient dynamoDbAsyncClient() {
			return env.dynamoAsync();
		}

		@Bean
		DynamoDbStreamsClient dynamoDbStreamsClient() {
			return env.streams();
		}

		@Bean
		CloudWatchAsyncClient cloudWatchAsyncClient() {
			return env.cloudWatch();
		}

		@Bean
		TableNameResolver tableNameResolver() {
			return new TableNameResolver("");
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

	static class Listener implements ItemChangeListener {

		final List<ItemChange> changes = new CopyOnWriteArrayList<>();

		@Override
		public String id() {
			return "listener";
		}

		@Override
		public void onChange(ItemChange change) {
			this.changes.add(change);
		}

	}

}
