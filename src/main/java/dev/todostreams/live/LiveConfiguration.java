package dev.todostreams.live;

import java.time.Clock;

import dev.todostreams.notify.DeliveryRepository;
import dev.todostreams.notify.SubscriptionRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
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

	@Bean(destroyMethod = "close")
	@Nullable DeliveryTracker liveDeliveryTracker(ChangeFeed feed, LiveProperties properties,
			ObjectProvider<SubscriptionRepository> subscriptions, ObjectProvider<DeliveryRepository> deliveries) {
		SubscriptionRepository subscriptionRepository = subscriptions.getIfAvailable();
		DeliveryRepository deliveryRepository = deliveries.getIfAvailable();
		if (subscriptionRepository == null || deliveryRepository == null) {
			return null;
		}
		return new DeliveryTracker(feed, new WebhookDeliveryLookup(subscriptionRepository, deliveryRepository),
				properties.deliveryPoll(), properties.deliveryTracking(), Clock.systemUTC());
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
