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
import dev.todostreams.testsupport.RunsBeside;
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
@RunsBeside
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
	void aContextStoppedAndStartedAgainConsumesAgain() {
		// what Spring's test context cache does to a context between two test classes that share it
		new ApplicationContextRunner().withUserConfiguration(StreamConfiguration.class, Clients.class)
			.withPropertyValues("todo.stream.application-name=" + ConsumerHarness.uniqueApplicationName(),
					"todo.stream.worker-id=restarted-worker")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				StreamConsumerLifecycle lifecycle = context.getBean(StreamConsumerLifecycle.class);
				env.putTodo("R1", "In Progress", 1);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> listener.changes.stream().anyMatch((c) -> c.keys().get("TodoID").s().equals("R1")));
				StreamConsumer first = lifecycle.consumer();
				context.stop();
				assertThat(first.state()).isEqualTo(StreamConsumer.State.STOPPED);
				assertThat(lifecycle.isRunning()).isFalse();
				context.start();
				assertThat(lifecycle.consumer()).as("a new consumer").isNotSameAs(first);
				assertThat(lifecycle.isRunning()).isTrue();
				env.putTodo("R2", "In Progress", 1);
				await().atMost(Duration.ofSeconds(60))
					.until(() -> listener.changes.stream().anyMatch((c) -> c.keys().get("TodoID").s().equals("R2")));
			});
	}

	@Test
	void disabledConsumerCreatesNothing() {
		new ApplicationContextRunner().withUserConfiguration(StreamConfiguration.class, Clients.class)
			.withPropertyValues("todo.stream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StreamConsumerLifecycle.class));
	}

	/** The environment's clients, shared by the tests: a context's close must not close them (no destroy method). */
	@Configuration(proxyBeanMethods = false)
	static class Clients {

		@Bean(destroyMethod = "")
		DynamoDbClient dynamoDbClient() {
			return env.dynamo();
		}

		@Bean(destroyMethod = "")
		DynamoDbAsyncClient dynamoDbAsyncClient() {
			return env.dynamoAsync();
		}

		@Bean(destroyMethod = "")
		DynamoDbStreamsClient dynamoDbStreamsClient() {
			return env.streams();
		}

		@Bean(destroyMethod = "")
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
