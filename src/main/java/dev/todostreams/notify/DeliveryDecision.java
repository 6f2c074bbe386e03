package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * What happens after one delivery attempt: delivered, retried at a time, or failed for good; and whether the
 * subscription must be disabled. Pure: the worker applies it.
 *
 * @param state the delivery's state after the attempt
 * @param nextAttemptAt when to try again, for {@link Delivery.State#PENDING}
 * @param disableReason why the subscription is disabled now, or null
 */
public record DeliveryDecision(Delivery.State state, @Nullable Instant nextAttemptAt, @Nullable String disableReason) {

	/**
	 * @param statusCode the response status, or null when no response came (timeout, connection refused)
	 * @param retryAfter the response's Retry-After header, if any
	 * @param attempt the number of this attempt within the schedule (1-based)
	 */
	public static DeliveryDecision after(@Nullable Integer statusCode, @Nullable String retryAfter, int attempt,
			RetrySchedule schedule, Duration maxRetryAfter, Instant now, RandomGenerator random) {
		if (statusCode != null && statusCode >= 200 && statusCode < 300) {
			return new DeliveryDecision(Delivery.State.DELIVERED, null, null);
		}
		if (statusCode != null && statusCode == 410) {
			return new DeliveryDecision(Delivery.State.FAILED, null, "the endpoint answered 410 Gone");
		}
		Optional<Duration> delay = schedule.delayAfter(attempt, random);
		if (delay.isEmpty()) {
			return new DeliveryDecision(Delivery.State.FAILED, null, null);
		}
		Duration wait = delay.get();
		if (statusCode != null && (statusCode == 429 || statusCode == 503)) {
			Optional<Duration> asked = RetryAfter.parse(retryAfter, now, maxRetryAfter);
			if (asked.isPresent()) {
				wait = asked.get();
			}
		}
		return new DeliveryDecision(Delivery.State.PENDING, now.plus(wait), null);
	}

}
