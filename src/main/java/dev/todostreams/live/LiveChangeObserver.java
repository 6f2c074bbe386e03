package dev.todostreams.live;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.ItemChange;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Feeds the live view from the consumer. An observer rather than a listener: it sees a change once every listener
 * is done with it (so the webhook outbox rows exist), it costs no idempotency bookkeeping, and a slow or broken
 * browser can never hold up the stream's checkpoint.
 */
@Slf4j
final class LiveChangeObserver implements ChangeProcessingObserver {

	private final ChangeFeed feed;

	private final @Nullable DeliveryTracker deliveries;

	LiveChangeObserver(ChangeFeed feed, @Nullable DeliveryTracker deliveries) {
		this.feed = feed;
		this.deliveries = deliveries;
	}

	@Override
	public void changeProcessed(String shardId, ItemChange change) {
		try {
			ChangeEvent event = ChangeEvents.from(change);
			if (event == null) {
				return;
			}
			this.feed.publish(FeedEvent.CHANGE, event);
			if (this.deliveries != null && event.statusChanged()) {
				this.deliveries.track(event);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Change {} not shown in the live feed: {}", change.eventId(), ex.toString());
		}
	}

}
