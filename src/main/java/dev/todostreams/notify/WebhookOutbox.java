package dev.todostreams.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.todostreams.stream.BulkItemChangeListener;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.todo.StatusChangeDispatcher;
import dev.todostreams.todo.StatusChanged;
import lombok.extern.slf4j.Slf4j;
import org.springframework.core.Ordered;

/**
 * The stream listener that writes one outbox row per status change and matching, enabled subscription. It runs
 * before the stream checkpoint and throws when a write fails, so the consumer retries it: a change is never
 * checkpointed without its rows. Each put is conditional on the webhook-id, so a replayed record writes nothing
 * twice. The consumer hands it a slice of changes at once: their rows are written a hundred per round trip through
 * the {@link DeliveryRepository}, and the {@link DeliveryWorker} is told about them before and after the write.
 * It comes after the change log writer (the live package's listener is first).
 */
@Slf4j
public class WebhookOutbox implements BulkItemChangeListener, Ordered {

	static final String HANDLER_ID = "webhooks-outbox";

	/** After the change log writer ({@code Ordered.HIGHEST_PRECEDENCE}), before any {@code @OnStatusChange} handler. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private final SubscriptionRepository subscriptions;

	private final DeliveryRepository deliveries;

	private final DeliveryWorker worker;

	private final Clock clock;

	public WebhookOutbox(SubscriptionRepository subscriptions, DeliveryRepository deliveries, DeliveryWorker worker,
			Clock clock) {
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.worker = worker;
		this.clock = clock;
	}

	@Override
	public String id() {
		return HANDLER_ID;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean accepts(ItemChange change) {
		return StatusChanged.from(change).isPresent();
	}

	@Override
	public void onChange(ItemChange change) {
		onChanges(List.of(change));
	}

	@Override
	public void onChanges(List<ItemChange> changes) {
		List<Subscription> enabled = this.subscriptions.all().stream().filter(Subscription::enabled).toList();
		Instant now = this.clock.instant();
		List<Delivery> rows = new ArrayList<>();
		List<StatusChanged> events = new ArrayList<>();
		for (ItemChange change : changes) {
			Optional<StatusChanged> found = StatusChanged.from(change);
			if (found.isEmpty()) {
				continue;
			}
			StatusChanged event = found.get();
			events.add(event);
			String type = null;
			String body = null;
			for (Subscription subscription : enabled) {
				if (!subscription.filter().matches(event.from(), event.to())) {
					continue;
				}
				if (body == null) {
					type = WebhookPayloads.type(event);
					body = WebhookPayloads.body(event);
				}
				rows.add(new Delivery(WebhookIds.of(event.eventId(), subscription.id()), subscription.id(), type,
						event.eventId(), event.todoId(), body, Delivery.State.PENDING, 0, now, now, now, List.of()));
			}
		}
		if (!rows.isEmpty()) {
			Set<String> inserted = write(rows);
			if (inserted.size() < rows.size()) {
				log.debug("{} of {} outbox rows existed already (replayed changes)", rows.size() - inserted.size(),
						rows.size());
			}
		}
		for (StatusChanged event : events) {
			StatusChangeDispatcher.logHandled(event, HANDLER_ID);
		}
	}

	/**
	 * Writes the rows (each unless it exists) and tells the worker: it queues the new ones with the copies written
	 * and looks at once at the ones that existed (written by an instance that died before sending them).
	 * @return the ids written by this call
	 */
	Set<String> write(List<Delivery> rows) {
		Set<String> expected = this.worker.expect(rows);
		Set<String> inserted;
		try {
			inserted = this.deliveries.insertAll(rows);
		}
		catch (RuntimeException ex) {
			this.worker.notWritten(expected);
			throw ex;
		}
		this.worker.written(rows, inserted, expected);
		return inserted;
	}

}
