package dev.todostreams.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import dev.todostreams.emulator.EmulatorExtension;
import dev.todostreams.system.TableBootstrap;
import dev.todostreams.system.TableNameResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription's health on the embedded emulator: the failure streak starts with the first failure and is kept
 * by the next ones, a success ends it, and the subscription is disabled after failing for the configured period or
 * at once on a 410 Gone.
 */
class SubscriptionHealthTests {

	private static final Duration DISABLE_AFTER = Duration.ofHours(1);

	private static final DeliveryDecision RETRY = new DeliveryDecision(Delivery.State.PENDING,
			Instant.parse("2030-01-01T00:00:00Z"), null);

	private static final DeliveryDecision DELIVERED = new DeliveryDecision(Delivery.State.DELIVERED, null, null);

	@RegisterExtension
	final EmulatorExtension emulator = new EmulatorExtension();

	private final Instant start = Instant.parse("2026-01-01T10:00:00Z");

	private SubscriptionRepository subscriptions;

	private SubscriptionHealth health;

	@BeforeEach
	void setUp() {
		DynamoDbClient dynamo = this.emulator.dynamoDb();
		new TableBootstrap(dynamo, new TableNameResolver("")).createIfMissing(WebhookTables.subscriptions());
		this.subscriptions = new SubscriptionRepository(dynamo, WebhookTables.SUBSCRIPTIONS, SecretCipher.random());
		this.health = new SubscriptionHealth(this.subscriptions, DISABLE_AFTER);
	}

	@Test
	void theFirstFailureStartsTheStreakAndLaterOnesKeepItsStart() {
		Subscription subscription = create("wh_streak");
		this.health.record(subscription, RETRY, this.start);
		assertThat(current(subscription).failingSince()).isEqualTo(this.start);

		this.health.record(current(subscription), RETRY, this.start.plus(Duration.ofMinutes(20)));
		assertThat(current(subscription).failingSince()).isEqualTo(this.start);
		assertThat(current(subscription).enabled()).isTrue();
	}

	@Test
	void aSuccessEndsTheStreak() {
		Subscription subscription = create("wh_reset");
		this.health.record(subscription, RETRY, this.start);
		this.health.record(current(subscription), DELIVERED, this.start.plus(Duration.ofMinutes(59)));
		assertThat(current(subscription).failingSince()).isNull();

		this.health.record(current(subscription), RETRY, this.start.plus(Duration.ofMinutes(61)));
		assertThat(current(subscription).failingSince()).as("a new streak, not the old one")
			.isEqualTo(this.start.plus(Duration.ofMinutes(61)));
		assertThat(current(subscription).enabled()).isTrue();
	}

	@Test
	void disablesOnceTheStreakReachesTheThresholdAndNotBefore() {
		Subscription subscription = create("wh_threshold");
		this.health.record(subscription, RETRY, this.start);
		this.health.record(current(subscription), RETRY, this.start.plus(DISABLE_AFTER).minusMillis(1));
		assertThat(current(subscription).enabled()).isTrue();

		this.health.record(current(subscription), RETRY, this.start.plus(DISABLE_AFTER));
		Subscription disabled = current(subscription);
		assertThat(disabled.enabled()).isFalse();
		assertThat(disabled.disabledReason()).contains("without a success");
		assertThat(disabled.failingSince()).isNull();
	}

	@Test
	void aGoneEndpointDisablesAtOnceWithItsReason() {
		Subscription subscription = create("wh_gone");
		this.health.record(subscription,
				new DeliveryDecision(Delivery.State.FAILED, null, "the endpoint answered 410 Gone"), this.start);
		assertThat(current(subscription).enabled()).isFalse();
		assertThat(current(subscription).disabledReason()).isEqualTo("the endpoint answered 410 Gone");
	}

	@Test
	void aSuccessWithoutAStreakWritesNothing() {
		Subscription subscription = create("wh_healthy");
		long version = current(subscription).version();
		this.health.record(subscription, DELIVERED, this.start);
		assertThat(current(subscription).version()).isEqualTo(version);
	}

	@Test
	void aStaleCopyStillUpdatesTheStoredSubscription() {
		Subscription subscription = create("wh_stale");
		// the worker's cached copy is older than the stored one (e.g. the description changed meanwhile)
		this.subscriptions.update(current(subscription).withDescription("changed")).orElseThrow();
		this.health.record(subscription, RETRY, this.start);
		assertThat(current(subscription).failingSince()).isEqualTo(this.start);
		assertThat(current(subscription).description()).isEqualTo("changed");
	}

	private Subscription create(String id) {
		return this.subscriptions.create(new Subscription(id, URI.create("http://127.0.0.1:9/hook"), "",
				WebhookFilter.ALL_STATUS_CHANGES, true, null, WebhookSecret.generate(), null, null, null, this.start,
				this.start, 0, "alice"));
	}

	private Subscription current(Subscription subscription) {
		return this.subscriptions.find(subscription.id()).orElseThrow();
	}

}
