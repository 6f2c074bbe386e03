package dev.todostreams.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.notify.Delivery;
import dev.todostreams.notify.DeliveryAttempt;
import dev.todostreams.notify.DeliveryRepository;
import dev.todostreams.notify.Subscription;
import dev.todostreams.notify.SubscriptionRepository;
import dev.todostreams.notify.WebhookIds;

/**
 * Finds a change's deliveries in the webhook outbox: the outbox row id is derived from the stream eventID and the
 * subscription, so one key lookup per subscription answers it. The only class of {@code live} that knows
 * {@code notify}.
 */
final class WebhookDeliveryLookup implements DeliveryTracker.DeliveryLookup {

	private final SubscriptionRepository subscriptions;

	private final DeliveryRepository deliveries;

	WebhookDeliveryLookup(SubscriptionRepository subscriptions, DeliveryRepository deliveries) {
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
	}

	@Override
	public List<DeliveryOutcome> deliveriesOf(String eventId) {
		List<DeliveryOutcome> outcomes = new ArrayList<>();
		for (Subscription subscription : this.subscriptions.all()) {
			Optional<Delivery> found = this.deliveries.find(WebhookIds.of(eventId, subscription.id()));
			found.ifPresent((delivery) -> outcomes.add(outcome(delivery, subscription)));
		}
		return outcomes;
	}

	private static DeliveryOutcome outcome(Delivery delivery, Subscription subscription) {
		List<DeliveryAttempt> attempts = delivery.attempts();
		DeliveryAttempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
		return new DeliveryOutcome(delivery.id(), subscription.id(), subscription.url().toString(),
				delivery.state().name().toLowerCase(Locale.ROOT), attempts.size(),
				(last != null) ? last.statusCode() : null, (last != null) ? last.error() : null, subscription.owner());
	}

}
