package dev.todostreams.notify;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One attempt to deliver a webhook, as the delivery log shows it.
 *
 * @param at when the request was sent
 * @param statusCode the response status, or null when none came
 * @param latencyMillis time to the response (or the error)
 * @param error what went wrong (connection refused, timeout, refused target), or null
 * @param responseBody the start of the response body (capped), or null
 * @param nextAttemptAt when the next attempt is due, or null when none follows
 */
public record DeliveryAttempt(Instant at, @Nullable Integer statusCode, long latencyMillis, @Nullable String error,
		@Nullable String responseBody, @Nullable Instant nextAttemptAt) {
}
