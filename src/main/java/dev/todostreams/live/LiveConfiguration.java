package dev.todostreams.live;

import java.time.Clock;

import dev.todostreams.notify.DeliveryObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the live feed: the feed itself, the consumer observer that fills it, and, when webhooks are on, the tracker
 * that adds each change's deliveries.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveProperties.class)
class LiveConfiguration {

	@Bean(destroyMethod = "close")
	ChangeFeed liveChangeFeed(LiveProperties properties, ObjectProvider<MeterRegistry> meters) {
		ChangeFeed feed = new ChangeFeed(properties.bufferSize(), properties.heartbeat());
		meters.ifAvailable((registry) -> Gauge.builder("todo.live.subscribers", feed, ChangeFeed::subscribers)
			.description("Open live change feed connections")
			.register(registry));
		return feed;
	}

	/** Follows each shown change's webhook deliveries, as the delivery worker reports them. */
	@Bean
	@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", matchIfMissing = true)
	DeliveryTracker liveDeliveryTracker(ChangeFeed feed, LiveProperties properties) {
		return new DeliveryTracker(feed, properties.deliveryTracking(), properties.deliveryTrackingLimit(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", matchIfMissing = true)
	DeliveryObserver liveDeliveryObserver(DeliveryTracker tracker) {
		return new WebhookDeliveryObserver(tracker);
	}

	@Bean
	LiveChangeObserver liveChangeObserver(ChangeFeed feed, ObjectProvider<DeliveryTracker> deliveries) {
		return new LiveChangeObserver(feed, deliveries.getIfAvailable());
	}

	/** Ends open event streams before the web server's graceful shutdown waits for them. */
	@Bean
	SmartLifecycle liveChangeFeedLifecycle(ChangeFeed feed) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
				feed.close();
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

		};
	}

}
