package dev.todostreams.stream.config;

import java.util.function.Supplier;

import dev.todostreams.stream.dynamodb.StreamTables;
import dev.todostreams.stream.kcl.StreamConsumer;
import dev.todostreams.stream.kcl.StreamProperties;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts the KCL consumer after every other bean is ready (last phase) and stops it first, gracefully: in-flight
 * records finish and are checkpointed before the AWS clients go away.
 */
@Slf4j
public class StreamConsumerLifecycle implements SmartLifecycle {

	private final StreamProperties properties;

	private final Supplier<StreamConsumer> consumerFactory;

	private final ObjectProvider<DynamoDbClient> dynamo;

	private volatile @Nullable StreamConsumer consumer;

	private volatile @Nullable Throwable failure;

	StreamConsumerLifecycle(StreamProperties properties, Supplier<StreamConsumer> consumerFactory,
			ObjectProvider<DynamoDbClient> dynamo) {
		this.properties = properties;
		this.consumerFactory = consumerFactory;
		this.dynamo = dynamo;
	}

	@Override
	public void start() {
		try {
			DynamoDbClient client = this.dynamo.getObject();
			StreamTables.ensure(client, this.properties.tables().idempotency(), this.properties.tables().create());
			StreamTables.ensure(client, this.properties.tables().deadLetters(), this.properties.tables().create());
			StreamConsumer created = this.consumerFactory.get();
			this.consumer = created;
			created.start();
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			throw ex;
		}
	}

	@Override
	public void stop() {
		StreamConsumer current = this.consumer;
		if (current != null) {
			current.stop();
		}
	}

	/** Stops the consumer abruptly, as a crash would (fault tests): no checkpoint, leases left to expire. */
	public void kill() {
		StreamConsumer current = this.consumer;
		if (current != null) {
			current.kill();
		}
	}

	@Override
	public boolean isRunning() {
		StreamConsumer current = this.consumer;
		return current != null && current.isRunning();
	}

	@Override
	public int getPhase() {
		// after the web server has started, before it stops: handlers may call back into the app
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	@Nullable StreamConsumer consumer() {
		return this.consumer;
	}

	@Nullable Throwable failure() {
		return this.failure;
	}

}
