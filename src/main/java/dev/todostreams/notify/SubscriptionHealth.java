package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * A subscription's health, kept on the subscription itself: the start of its failure streak ({@code failingSince},
 * cleared by the next success), and automatic disabling on a 410 Gone or after failing for {@code disableAfter}
 * without a success. Updates are optimistic (the subscription's version), retried a few times against concurrent
 * writers (other instances, the API).
 */
@Slf4j
final class SubscriptionHealth {

	private static final int TRIES = 5;

	private final SubscriptionRepository subscriptions;

	private final Duration disableAfter;

	SubscriptionHealth(SubscriptionRepository subscriptions, Duration disableAfter) {
		this.subscriptions = subscriptions;
		this.disableAfter = disableAfter;
	}

	/** Takes the outcome of one delivery attempt to {@code subscription} into account. */
	void record(Subscription subscription, DeliveryDecision decision, Instant now) {
		boolean success = decision.state() == Delivery.State.DELIVERED;
		if (success && subscription.failingSince() == null) {
			return;
		}
		for (int tries = 0; tries < TRIES; tries++) {
			Optional<Subscription> current = this.subscriptions.find(subscription.id());
			if (current.isEmpty()) {
				return;
			}
			Subscription next = success ? recovered(current.get(), now) : failed(current.get(), decision, now);
			if (next == null || this.subscriptions.update(next).isPresent()) {
				return;
			}
		}
	}

	/** The streak ends; null when there is none. */
	private static @Nullable Subscription recovered(Subscription s, Instant now) {
		return (s.failingSince() != null) ? s.withFailingSince(null).withUpdatedAt(now) : null;
	}

	/** Starts the streak, or disables the subscription; null when nothing changes. */
	private @Nullable Subscription failed(Subscription s, DeliveryDecision decision, Instant now) {
		Instant failingSince = (s.failingSince() != null) ? s.failingSince() : now;
		String reason = decision.disableReason();
		if (reason == null && !Duration.between(failingSince, now).minus(this.disableAfter).isNegative()) {
			reason = "deliveries failed for " + this.disableAfter + " without a success";
		}
		if (reason != null && s.enabled()) {
			log.warn("Webhook subscription {} disabled: {}", s.id(), reason);
			return s.withEnabled(false).withDisabledReason(reason).withFailingSince(null).withUpdatedAt(now);
		}
		if (s.failingSince() == null) {
			return s.withFailingSince(now).withUpdatedAt(now);
		}
		return null;
	}

}
