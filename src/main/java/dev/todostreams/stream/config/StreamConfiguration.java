package dev.todostreams.stream.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.ChangeProcessor;
import dev.todostreams.stream.DeadLetterStore;
import dev.todostreams.stream.IdempotencyStore;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.ItemChangeListeners;
import dev.todostreams.stream.RetryPolicy;
import dev.todostreams.stream.Sleeper;
import dev.todostreams.stream.dynamodb.DynamoDbDeadLetterStore;
import dev.todostreams.stream.dynamodb.DynamoDbIdempotencyStore;
import dev.todostreams.stream.kcl.StreamConsumer;
import dev.todostreams.stream.kcl.StreamProperties;
import dev.todostreams.system.TableBootstrap;
import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableNameResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires the stream consumer. AWS clients come from the application context (configured once from Spring Cloud AWS
 * properties) and every table name (stream, lease, idempotency, dead letters) from its {@link TableNameResolver};
 * this class only assembles the consumer around them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamConsumerProperties.class)
@ConditionalOnBooleanProperty(name = "todo.stream.enabled", matchIfMissing = true)
public class StreamConfiguration {

	/** The bound {@code todo.stream.*} settings as the plain value the consumer takes. */
	@Bean
	StreamProperties streamProperties(StreamConsumerProperties properties) {
		return properties.toStreamProperties();
	}

	@Bean
	ItemChangeListeners itemChangeListeners(ObjectProvider<ItemChangeListener> listeners) {
		return new ItemChangeListeners(listeners.orderedStream().toList());
	}

	/**
	 * Our tables for the application's table bootstrap (created in the default profile, checked on AWS). Like every
	 * {@code TableDefinition} bean, they take the bound properties only (AwsTemplateTests builds them from those).
	 */
	@Bean
	TableDefinition streamIdempotencyTable(StreamConsumerProperties properties) {
		return new TableDefinition(properties.tables().idempotency(), TableDefinition.Key.string("id"), List.of(),
				null, "expiresAt");
	}

	@Bean
	TableDefinition streamDeadLetterTable(StreamConsumerProperties properties) {
		return new TableDefinition(properties.tables().deadLetters(), TableDefinition.Key.string("id"), List.of(),
				null, "expiresAt");
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyStore idempotencyStore(DynamoDbClient dynamo, StreamProperties properties,
			TableNameResolver tableNames) {
		return new DynamoDbIdempotencyStore(dynamo, tableNames.resolve(properties.tables().idempotency()),
				properties.tables().idempotencyRetention(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterStore deadLetterStore(DynamoDbClient dynamo, StreamProperties properties,
			TableNameResolver tableNames) {
		return new DynamoDbDeadLetterStore(dynamo, tableNames.resolve(properties.tables().deadLetters()),
				properties.tables().deadLetterRetention(), Clock.systemUTC());
	}

	/** The application's meter registry (Actuator's); a private one when metrics are switched off. */
	@Bean
	StreamMetrics streamMetrics(ObjectProvider<MeterRegistry> registry) {
		return new StreamMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	ChangeProcessor changeProcessor(ItemChangeListeners listeners, IdempotencyStore idempotency,
			DeadLetterStore deadLetters, StreamProperties properties,
			ObjectProvider<ChangeProcessingObserver> observers, Environment environment) {
		StreamProperties.Retry retry = properties.retry();
		// every observer bean, StreamMetrics included
		List<ChangeProcessingObserver> all = observers.orderedStream().toList();
		return new ChangeProcessor(listeners, idempotency, deadLetters,
				new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.multiplier(), retry.maxBackoff(),
						retry.retryForever()),
				properties.claimTimeout(), properties.handlerTimeout(), ChangeProcessingObserver.composite(all),
				Sleeper.THREAD, Clock.systemUTC(), workerId(properties, environment));
	}

	@Bean
	StreamConsumerLifecycle streamConsumerLifecycle(StreamProperties properties, ChangeProcessor processor,
			Environment environment, ObjectProvider<DynamoDbClient> dynamo,
			ObjectProvider<software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient> dynamoAsync,
			ObjectProvider<software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient> streams,
			ObjectProvider<software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient> cloudWatch,
			TableNameResolver tableNames, ObjectProvider<TableBootstrap> tableBootstrap) {
		StreamProperties.Preset fallback = environment.acceptsProfiles(Profiles.of("aws"))
				? StreamProperties.Preset.SAFE : StreamProperties.Preset.FAST;
		// the embedded mode (no aws or localstack profile) is the only one where this worker is sure to start alone
		boolean startsAlone = !environment.acceptsProfiles(Profiles.of("aws | localstack"));
		StreamProperties resolved = properties.withWorkerId(workerId(properties, environment))
			.withTableName(tableNames.resolve(properties.tableName()))
			.withApplicationName(tableNames.resolve(properties.applicationName()))
			.withTables(new StreamProperties.Tables(tableNames.resolve(properties.tables().idempotency()),
					tableNames.resolve(properties.tables().deadLetters()), properties.tables().create(),
					properties.tables().idempotencyRetention(), properties.tables().deadLetterRetention()));
		return new StreamConsumerLifecycle(resolved, () -> new StreamConsumer(resolved,
				resolved.effectiveTiming(fallback, startsAlone), dynamo.getObject(), dynamoAsync.getObject(), streams.getObject(),
				cloudWatch.getObject(), (workerId) -> processor), dynamo, tableBootstrap.getIfAvailable() == null);
	}

	@Bean
	StreamHealthIndicator streamHealthIndicator(StreamConsumerLifecycle lifecycle, StreamMetrics metrics) {
		return new StreamHealthIndicator(lifecycle, metrics);
	}

	/** The processor (claims) and KCL (leases) use the same id: configured, kept in the data directory, or generated. */
	private static String workerId(StreamProperties properties, Environment environment) {
		String dataDirectory = environment.getProperty("todo.emulator.data-directory");
		return StableWorkerId.resolve(properties.workerId(),
				(dataDirectory != null && !dataDirectory.isBlank()) ? Path.of(dataDirectory) : null);
	}

}
