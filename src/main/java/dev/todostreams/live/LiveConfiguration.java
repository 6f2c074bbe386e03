package dev.todostreams.live;

import java.time.Clock;

import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableNameResolver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires the live feed: the change log (its table, the stream listener that appends to it, the writer of delivery
 * outcomes), the tail that reads it into this instance's feed, the feed itself and, when webhooks are on, the tracker
 * that adds each change's deliveries.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ LiveProperties.class, ChangeLogProperties.class })
class LiveConfiguration {

	/** For the application's table bootstrap (created in the default profile, checked on AWS). */
	@Bean
	TableDefinition changeLogTable(ChangeLogProperties properties) {
		return ChangeLog.table(properties.tableName());
	}

	@Bean
	ChangeLog changeLog(DynamoDbClient dynamo, TableNameResolver tables, ChangeLogProperties properties) {
		return new ChangeLog(dynamo, tables.resolve(properties.tableName()), properties.retention(),
				properties.lateAfter(), Clock.systemUTC());
	}

	/** Registered first of the stream's listeners (it is {@code Ordered}), so the checkpoint waits for the log. */
	@Bean
	ChangeLogWriter changeLogWriter(ChangeLog changeLog) {
		return new ChangeLogWriter(changeLog);
	}

	@Bean(destroyMethod = "close")
	ChangeFeed liveChangeFeed(LiveProperties properties, ObjectProvider<ChangeLogTail> tail,
			ObjectProvider<MeterRegistry> meters) {
		ChangeFeed feed = new ChangeFeed(properties.heartbeat(), (lastEventId) -> tail.getObject().replay(lastEventId));
		meters.ifAvailable((registry) -> Gauge.builder("todo.live.subscribers", feed, ChangeFeed::subscribers)
			.description("Open live change feed connections")
			.register(registry));
		return feed;
	}

	/** Follows each shown change's webhook deliveries, as the change log brings them. */
	@Bean
	@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", matchIfMissing = true)
	DeliveryTracker liveDeliveryTracker(ChangeFeed feed, LiveProperties properties) {
		return new DeliveryTracker(feed, properties.deliveryTracking(), properties.deliveryTrackingLimit(),
				Clock.systemUTC());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", matchIfMissing = true)
	WebhookDeliveryObserver liveDeliveryObserver(ChangeLog changeLog) {
		return new WebhookDeliveryObserver(changeLog);
	}

	/** Webhooks off: the feed shows changes without deliveries. */
	@Bean
	@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", havingValue = false)
	DeliveryFollower liveNoDeliveries() {
		return DeliveryFollower.NONE;
	}

	@Bean(destroyMethod = "close")
	ChangeLogTail changeLogTail(ChangeLog changeLog, ChangeFeed feed, DeliveryFollower deliveries,
			ChangeLogProperties properties) {
		return new ChangeLogTail(changeLog, feed, deliveries, properties);
	}

	/**
	 * Starts the tail once the context is up (the tables exist by then) and ends open event streams before the web
	 * server's graceful shutdown waits for them.
	 */
	@Bean
	SmartLifecycle liveChangeFeedLifecycle(ChangeFeed feed, ChangeLogTail tail) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				tail.start();
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
				tail.close();
				feed.close();
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

		};
	}

}
