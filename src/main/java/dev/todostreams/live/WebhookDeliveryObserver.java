package dev.todostreams.live;

import java.util.Locale;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.notify.DeliveryAttempt;
import dev.todostreams.notify.DeliveryObserver;

/**
 * Hears the delivery worker's outcomes and hands them to the tracker as the browser sees them. The only class of
 * {@code live} (besides its configuration) that knows {@code notify}.
 */
final class WebhookDeliveryObserver implements DeliveryObserver {

	private final DeliveryTracker tracker;

	WebhookDeliveryObserver(DeliveryTracker tracker) {
		this.tracker = tracker;
	}

	@Override
	public void deliveryUpdated(Update update) {
		DeliveryAttempt last = update.lastAttempt();
		this.tracker.updated(update.eventId(),
				new DeliveryOutcome(update.deliveryId(), update.subscriptionId(), update.url().toString(),
						update.state().name().toLowerCase(Locale.ROOT), update.attempts(),
						(last != null) ? last.statusCode() : null, (last != null) ? last.error() : null, update.owner()));
	}

}
