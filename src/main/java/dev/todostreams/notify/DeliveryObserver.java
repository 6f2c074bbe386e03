package dev.todostreams.notify;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Told where a delivery stands each time the delivery worker of this instance changes it: when its outbox row is
 * written and after each recorded attempt. The live feed uses it instead of reading the delivery table back.
 * Called on the worker's threads: an observer returns at once (hand work to a thread of your own) and should not
 * throw (a thrown exception is logged and ignored; the delivery goes on).
 */
@FunctionalInterface
public interface DeliveryObserver {

	void deliveryUpdated(Update update);

	/**
	 * One new state of a delivery.
	 *
	 * @param deliveryId the {@code webhook-id}
	 * @param eventId the stream record's eventID the delivery is for
	 * @param subscriptionId the subscription it goes to
	 * @param url the receiver
	 * @param state pending, delivered or failed
	 * @param attempts attempts recorded so far (0 for a new row)
	 * @param lastAttempt the attempt just recorded, null for a new row
	 * @param owner the principal owning the subscription (decides who may see the outcome); null for subscriptions
	 * made before owners were recorded
	 */
	record Update(String deliveryId, String eventId, String subscriptionId, URI url, Delivery.State state,
			int attempts, @Nullable DeliveryAttempt lastAttempt, @Nullable String owner) {
	}

}
