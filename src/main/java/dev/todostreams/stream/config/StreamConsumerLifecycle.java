package dev.todostreams.stream.config;

import java.util.function.Supplier;

import dev.todostreams.stream.dynamodb.StreamTables;
import dev.todostreams.stream.kcl.StreamConsumer;
import dev.todostreams.stream.kcl.StreamProperties;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextRefreshedEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts the KCL consumer as soon as this bean exists, in the background, with deliveries held: KCL waits for the
 * table (made by the table bootstrap, also in the background), creates its own tables, syncs shards and takes its
 * leases while the rest of the application's beans are created and the web server starts. Deliveries open once
 * the context has started (every lifecycle bean, the webhook delivery worker included), so no change reaches a
 * handler before the application runs. Stops
 * first, gracefully: in-flight records finish and are checkpointed before the AWS clients go away.
 */
@Slf4j
public class StreamConsumerLifecycle implements SmartLifecycle, InitializingBean, DisposableBean,
		ApplicationListener<ContextRefreshedEvent> {

	private final StreamProperties properties;

	private final Supplier<StreamConsumer> consumerFactory;

	private final ObjectProvider<DynamoDbClient> dynamo;

	private volatile @Nullable StreamConsumer consumer;

	private volatile @Nullable Throwable failure;

	private volatile boolean started;

	private final boolean ensureTables;

	StreamConsumerLifecycle(StreamProperties properties, Supplier<StreamConsumer> consumerFactory,
			ObjectProvider<DynamoDbClient> dynamo) {
		this(properties, consumerFactory, dynamo, true);
	}

	/**
	 * @param ensureTables create or check the consumer's tables here; false where the application's table bootstrap
	 * does it (it runs at the same time, and two creators of one table would race)
	 */
	StreamConsumerLifecycle(StreamProperties properties, Supplier<StreamConsumer> consumerFactory,
			ObjectProvider<DynamoDbClient> dynamo, boolean ensureTables) {
		this.properties = properties;
		this.consumerFactory = consumerFactory;
		this.dynamo = dynamo;
		this.ensureTables = ensureTables;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.consumer == null) {
			startConsumer(true);
		}
	}

	/**
	 * Starts the consumer made early, or, after a {@link #stop()}, a new one: a KCL Scheduler does not run twice.
	 * A context is stopped and started again when Spring's test context cache pauses a context no test class uses
	 * at the moment and resumes it for a later one (and by {@code ConfigurableApplicationContext.stop()/start()});
	 * the new consumer takes over the same leases (same worker id) and its deliveries are open at once.
	 */
	@Override
	public void start() {
		StreamConsumer current = this.consumer;
		if (current == null || current.state() == StreamConsumer.State.STOPPED) {
			startConsumer(false);
		}
		this.started = true;
	}

	/**
	 * Opens deliveries once the whole context has started, not at this lifecycle's own start: handlers hand
	 * webhook rows to the delivery worker, whose phase starts after this one.
	 */
	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		StreamConsumer current = this.consumer;
		if (current != null && this.started) {
			current.openDeliveries();
		}
	}

	private StreamConsumer startConsumer(boolean holdDeliveries) {
		try {
			if (this.ensureTables) {
				DynamoDbClient client = this.dynamo.getObject();
				StreamTables.ensure(client, this.properties.tables().idempotency(), this.properties.tables().create());
				StreamTables.ensure(client, this.properties.tables().deadLetters(), this.properties.tables().create());
			}
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

	/** Stops the consumer abruptly, as a crash would (fault tests): no checkpoint, leases left to expire. */
	public void kill() {
		StreamConsumer current = this.consumer;
		if (current != null) {
			current.kill();
		}
	}

	/** A context that fails after the early start never starts or stops this lifecycle: stop KCL here. */
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
