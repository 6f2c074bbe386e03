package dev.todostreams.notify;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One outbox row: a webhook message for one subscription and the log of its attempts.
 *
 * @param id the {@code webhook-id}, derived from the stream eventID and the subscription
 * @param subscriptionId the subscription it goes to
 * @param eventType e.g. {@code todo.status_changed}
 * @param eventId the stream record's eventID
 * @param todoId the todo it is about
 * @param payload the exact body that is signed and sent
 * @param state pending, delivered or failed
 * @param scheduleAttempts attempts made within the current retry schedule (a redelivery starts it again)
 * @param nextAttemptAt when the next attempt is due, for a pending delivery
 * @param createdAt when the outbox row was written
 * @param updatedAt last change
 * @param attempts every attempt, oldest first
 */
public record Delivery(String id, String subscriptionId, String eventType, String eventId, String todoId,
		String payload, State state, int scheduleAttempts, @Nullable Instant nextAttemptAt, Instant createdAt,
		Instant updatedAt, List<DeliveryAttempt> attempts) {

	public Delivery {
		attempts = List.copyOf(attempts);
	}

	public enum State {

		PENDING, DELIVERED, FAILED

	}

}
