package dev.todostreams.notify;

import java.time.Clock;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableNameResolver;
import dev.todostreams.todo.TodoProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires subscriptions, the outbox writer (a status-change handler) and the delivery worker. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", matchIfMissing = true)
public class WebhookConfiguration {

	@Bean
	TableDefinition webhookSubscriptionsTable() {
		return WebhookTables.subscriptions();
	}

	@Bean
	TableDefinition webhookDeliveriesTable() {
		return WebhookTables.deliveries();
	}

	@Bean
	WebhookClock webhookClock(ObjectProvider<Clock> clock) {
		return new WebhookClock(clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	SubscriptionRepository webhookSubscriptionRepository(DynamoDbClient dynamo, TableNameResolver tables,
			SecretCipher webhookSecretCipher) {
		return new SubscriptionRepository(dynamo, tables.resolve(WebhookTables.SUBSCRIPTIONS), webhookSecretCipher);
	}

	@Bean
	DeliveryRepository webhookDeliveryRepository(DynamoDbClient dynamo, TableNameResolver tables,
			WebhookProperties properties) {
		return new DeliveryRepository(dynamo, tables.resolve(WebhookTables.DELIVERIES),
				properties.deliveryRetention());
	}

	@Bean
	TargetGuard webhookTargetGuard(WebhookProperties properties) {
		return new TargetGuard(properties.allowPrivateTargets(), properties.requireHttps(),
				TargetGuard.Resolver.SYSTEM);
	}

	/** Connects only to addresses the guard allows (it resolves the names for the client); closed with the context. */
	@Bean
	WebhookSender webhookSender(WebhookProperties properties, TargetGuard guard) {
		return new WebhookSender(properties.timeout(), (int) properties.maxResponseBody().toBytes(), guard,
				properties.maxConcurrency());
	}

	@Bean
	DeliveryWorker webhookDeliveryWorker(DeliveryRepository deliveries, SubscriptionRepository subscriptions,
			WebhookSender sender, TargetGuard guard, WebhookProperties properties, WebhookClock clock,
			ObjectProvider<DeliveryObserver> observers) {
		return new DeliveryWorker(deliveries, subscriptions, sender, guard, properties, clock.clock(),
				observers.orderedStream().toList());
	}

	/**
	 * When this instance's consumer starts on a shard, the worker reads the due index at once: after a failover the
	 * earlier holder's written but unsent outbox rows go out now, not at the next poll (issue 11 (b)).
	 */
	@Bean
	ChangeProcessingObserver webhookRefillOnShardStart(DeliveryWorker worker) {
		return new ChangeProcessingObserver() {
			@Override
			public void shardStarted(String shardId) {
				worker.refillSoon();
			}
		};
	}

	@Bean
	WebhookOutbox webhookOutbox(SubscriptionRepository subscriptions, DeliveryRepository deliveries,
			DeliveryWorker worker, WebhookClock clock) {
		return new WebhookOutbox(subscriptions, deliveries, worker, clock.clock());
	}

	@Bean
	WebhookService webhookService(SubscriptionRepository subscriptions, DeliveryRepository deliveries,
			DeliveryWorker worker, TargetGuard guard, WebhookProperties properties, WebhookClock clock,
			TodoProperties todoProperties) {
		// the statuses a filter may name are the todo API's, bound once by the todo feature
		return new WebhookService(subscriptions, deliveries, worker, guard, properties, todoProperties.statuses(),
				clock.clock());
	}

}
