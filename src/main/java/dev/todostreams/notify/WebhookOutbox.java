package dev.todostreams.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.todostreams.todo.OnStatusChange;
import dev.todostreams.todo.StatusChanged;
import lombok.extern.slf4j.Slf4j;

/**
 * The status-change handler that writes one outbox row per matching, enabled subscription. It runs before the
 * stream checkpoint and throws when a write fails, so the consumer retries it: a change is never checkpointed
 * without its rows. The put is conditional on the webhook-id, so a replayed record writes nothing twice.
 */
@Slf4j
public class WebhookOutbox {

	static final String HANDLER_ID = "webhooks-outbox";

	private final SubscriptionRepository subscriptions;

	private final DeliveryWorker worker;

	private final Clock clock;

	public WebhookOutbox(SubscriptionRepository subscriptions, DeliveryWorker worker, Clock clock) {
		this.subscriptions = subscriptions;
		this.worker = worker;
		this.clock = clock;
	}

	@OnStatusChange(id = HANDLER_ID)
	public void onStatusChange(StatusChanged event) {
		List<Subscription> matching = this.subscriptions.all()
			.stream()
			.filter(Subscription::enabled)
			.filter((subscription) -> subscription.filter().matches(event.from(), event.to()))
			.toList();
		if (matching.isEmpty()) {
			return;
		}
		String type = WebhookPayloads.type(event);
		String body = WebhookPayloads.body(event);
		Instant now = this.clock.instant();
		for (Subscription subscription : matching) {
			Delivery delivery = new Delivery(WebhookIds.of(event.eventId(), subscription.id()), subscription.id(), type,
					event.eventId(), event.todoId(), body, Delivery.State.PENDING, 0, now, now, now, List.of());
			if (this.worker.add(delivery)) {
				log.debug("Outbox row {} for {} ({} of {})", delivery.id(), subscription.id(), type, event.todoId());
			}
			else {
				// a replayed change, e.g. after another instance wrote the row and died before sending it: this
				// instance's worker looks at the row now (it sends it only if it is still pending and due) instead
				// of waiting for its next refill of the due index
				this.worker.schedule(delivery.id(), subscription.id(), now);
				log.debug("Outbox row {} exists already (replayed change {})", delivery.id(), event.eventId());
			}
		}
	}

}
