package dev.todostreams.notify;

import java.time.Instant;
import java.util.List;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Records what happened to a delivery: the attempt on its outbox row (fenced: written only while the row is still
 * pending, so an attempt never overwrites a final outcome recorded meanwhile, e.g. by another instance),
 * the subscription's health (its failure streak, disabling), and the observers (the live feed) told of each recorded
 * change. Logs under the worker's name, as before the split.
 */
@Slf4j(topic = "dev.todostreams.notify.DeliveryWorker")
final class DeliveryRecorder {

	private final DeliveryRepository deliveries;

	private final SubscriptionHealth health;

	private final List<DeliveryObserver> observers;

	DeliveryRecorder(DeliveryRepository deliveries, SubscriptionHealth health, List<DeliveryObserver> observers) {
		this.deliveries = deliveries;
		this.health = health;
		this.observers = List.copyOf(observers);
	}

	boolean observed() {
		return !this.observers.isEmpty();
	}

	/** Tells the observers of a row the outbox just wrote. */
	void written(Delivery row, Subscription subscription) {
		publish(row, subscription, row.state(), row.attempts().size(), null);
	}

	/**
	 * Fails a row without sending it: its subscription is gone ({@code subscription} null) or disabled.
	 * @return true when recorded (the row was still pending)
	 */
	boolean refused(Delivery delivery, @Nullable Subscription subscription, Instant now) {
		String reason = (subscription == null) ? "the subscription was deleted"
				: "the subscription is disabled"
						+ ((subscription.disabledReason() != null) ? " (" + subscription.disabledReason() + ")" : "");
		DeliveryAttempt refused = new DeliveryAttempt(now, null, 0, reason, null, null);
		boolean recorded = this.deliveries.recordAttempt(delivery.id(), refused, Delivery.State.FAILED,
				delivery.scheduleAttempts(), now);
		if (recorded && subscription != null) {
			publish(delivery, subscription, Delivery.State.FAILED, delivery.attempts().size() + 1, refused);
		}
		return recorded;
	}

	/**
	 * Records attempt number {@code attemptNumber} of {@code delivery} to {@code target}.
	 * @return true when the row took it (false: another attempt or a redelivery changed the row meanwhile)
	 */
	boolean attempted(Delivery delivery, Subscription target, int attemptNumber, WebhookCall.Outcome outcome) {
		DeliveryDecision decision = outcome.decision();
		boolean recorded = this.deliveries.recordAttempt(delivery.id(), outcome.attempt(), decision.state(),
				attemptNumber, outcome.finished());
		if (recorded) {
			publish(delivery, target, decision.state(), delivery.attempts().size() + 1, outcome.attempt());
		}
		this.health.record(target, decision, outcome.finished());
		if (decision.state() == Delivery.State.FAILED) {
			log.warn("Webhook {} to subscription {} failed for good after {} attempt(s): {}", delivery.id(),
					target.id(), attemptNumber, outcome.summary());
		}
		else if (decision.state() == Delivery.State.PENDING) {
			log.info("Webhook {} to subscription {} failed ({}); next attempt at {}", delivery.id(), target.id(),
					outcome.summary(), decision.nextAttemptAt());
		}
		return recorded;
	}

	private void publish(Delivery delivery, Subscription subscription, Delivery.State state, int attempts,
			@Nullable DeliveryAttempt attempt) {
		if (this.observers.isEmpty()) {
			return;
		}
		DeliveryObserver.Update update = new DeliveryObserver.Update(delivery.id(), delivery.eventId(),
				delivery.subscriptionId(), subscription.url(), state, attempts, attempt, subscription.owner());
		for (DeliveryObserver observer : this.observers) {
			try {
				observer.deliveryUpdated(update);
			}
			catch (RuntimeException ex) {
				log.debug("Delivery observer {} failed: {}", observer, ex.toString());
			}
		}
	}

}
