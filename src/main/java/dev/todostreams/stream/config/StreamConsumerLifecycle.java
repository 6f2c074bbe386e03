package dev.todostreams.stream.config;

import java.util.function.Supplier;

import dev.todostreams.stream.dynamodb.StreamTables;
import dev.todostreams.stream.kcl.StreamConsumer;
import dev.todostreams.stream.kcl.StreamProperties;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts the KCL consumer as soon as every singleton exists, in the background, with deliveries held: KCL creates
 * its tables, syncs shards and takes its leases while the rest of the application (web server, ...) starts. The
 * lifecycle start (last phase) opens deliveries, so no change reaches a handler before the application runs. Stops
 * first, gracefully: in-flight records finish and are checkpointed before the AWS clients go away.
 */
@Slf4j
public class StreamConsumerLifecycle implements SmartLifecycle, SmartInitializingSingleton, DisposableBean {

	private final StreamProperties properties;

	private final Supplier<StreamConsumer> consumerFactory;

	private final ObjectProvider<DynamoDbClient> dynamo;

	private volatile @Nullable StreamConsumer consumer;

	private volatile @Nullable Throwable failure;

	private volatile boolean started;

	StreamConsumerLifecycle(StreamProperties properties, Supplier<StreamConsumer> consumerFactory,
			ObjectProvider<DynamoDbClient> dynamo) {
		this.properties = properties;
		this.consumerFactory = consumerFactory;
		this.dynamo = dynamo;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.consumer == null) {
			startConsumer(true);
		}
	}

	@Override
	public void start() {
		StreamConsumer current = this.consumer;
		if (current == null) {
			current = startConsumer(false);
		}
		current.openDeliveries();
		this.started = true;
	}

	private StreamConsumer startConsumer(boolean holdDeliveries) {
		try {
			DynamoDbClient client = this.dynamo.getObject();
			StreamTables.ensure(client, this.properties.tables().idempotency(), this.properties.tables().create());
			StreamTables.ensure(client, this.properties.tables().deadLetters(), this.properties.tables().create());
			StreamConsumer created = this.consumerFactory.get();
			this.consumer = created;
			if (holdDeliveries) {
				created.holdDeliveries();
			}
			created.start();
			return created;
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			throw ex;
		}
	}

	@Override
	public void stop() {
		this.started = false;
		StreamConsumer current = this.consumer;
		if (current != null) {
			current.stop();
		}
	}

	/** A context that fails after the early start never starts or stops the lifecycle: stop KCL here. */
	@Override
	public void destroy() {
		StreamConsumer current = this.consumer;
		if (current != null && current.isRunning()) {
			current.stop();
		}
	}

	@Override
	public boolean isRunning() {
		StreamConsumer current = this.consumer;
		return this.started && current != null && current.isRunning();
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
