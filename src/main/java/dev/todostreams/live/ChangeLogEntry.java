package dev.todostreams.live;

import java.time.Instant;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the change log: a processed change, or a new state of a webhook delivery one caused.
 *
 * @param position where it sorts in the log ({@link ChangeLogPosition}); the SSE event id
 * @param eventId the stream record's eventID of the change (the delivery's change for an outcome)
 * @param change the change, for a change entry
 * @param delivery the delivery's new state (with its owner, never sent), for an outcome entry
 * @param appendedAt when the entry was written (the writer's clock)
 */
record ChangeLogEntry(String position, String eventId, @Nullable ChangeEvent change,
		@Nullable DeliveryOutcome delivery, Instant appendedAt) {

	static ChangeLogEntry change(ChangeEvent change, String position, Instant appendedAt) {
		return new ChangeLogEntry(position, change.eventId(), change.withId(position), null, appendedAt);
	}

	static ChangeLogEntry delivery(String eventId, DeliveryOutcome outcome, String position, Instant appendedAt) {
		return new ChangeLogEntry(position, eventId, null, outcome, appendedAt);
	}

	boolean isChange() {
		return this.change != null;
	}

}
