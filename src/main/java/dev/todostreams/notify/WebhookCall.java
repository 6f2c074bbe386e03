package dev.todostreams.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * One attempt at sending a delivery, without recording it: checks the target against the guard, signs the payload
 * with the subscription's current secrets, sends it (the sender resends once, within the same attempt, when a pooled
 * connection turns out stale) and classifies the answer into what happens next, following the retry schedule.
 */
final class WebhookCall {

	/** Most characters of a response body kept with an attempt. */
	static final int MAX_LOGGED_BODY = 512;

	private final WebhookSender sender;

	private final TargetGuard guard;

	private final WebhookProperties properties;

	private final Clock clock;

	/** The retry schedule's jitter; null: the calling thread's {@link ThreadLocalRandom}. */
	private final @Nullable RandomGenerator random;

	WebhookCall(WebhookSender sender, TargetGuard guard, WebhookProperties properties, Clock clock) {
		this(sender, guard, properties, clock, null);
	}

	WebhookCall(WebhookSender sender, TargetGuard guard, WebhookProperties properties, Clock clock,
			@Nullable RandomGenerator random) {
		this.sender = sender;
		this.guard = guard;
		this.properties = properties;
		this.clock = clock;
		this.random = random;
	}

	/** Sends {@code delivery} to {@code target} as its attempt number {@code attemptNumber} (1 for the first). */
	Outcome send(Delivery delivery, Subscription target, int attemptNumber) {
		Instant started = this.clock.instant();
		WebhookSender.Result result;
		try {
			this.guard.check(target.url());
			long timestamp = started.getEpochSecond();
			String signature = WebhookSignature.header(target.signingSecrets(started), delivery.id(), timestamp,
					delivery.payload());
			result = this.sender.send(target.url(), delivery.id(), timestamp, signature, delivery.payload());
		}
		catch (RefusedTargetException ex) {
			result = new WebhookSender.Result(null, null, null, "refused target: " + ex.getMessage(), 0);
		}
		catch (SecretUnreadableException ex) {
			result = new WebhookSender.Result(null, null, null, "not sent: " + ex.getMessage(), 0);
		}
		Instant finished = this.clock.instant();
		RandomGenerator jitter = (this.random != null) ? this.random : ThreadLocalRandom.current();
		DeliveryDecision decision = DeliveryDecision.after(result.statusCode(), result.retryAfter(), attemptNumber,
				this.properties.schedule(), this.properties.maxRetryAfter(), finished, jitter);
		String body = result.body();
		if (body != null && body.length() > MAX_LOGGED_BODY) {
			body = body.substring(0, MAX_LOGGED_BODY);
		}
		DeliveryAttempt attempt = new DeliveryAttempt(started, result.statusCode(), result.latencyMillis(),
				result.logged(), body, decision.nextAttemptAt());
		return new Outcome(attempt, decision, finished, describe(result));
	}

	private static String describe(WebhookSender.Result result) {
		return (result.statusCode() != null) ? "HTTP " + result.statusCode() : String.valueOf(result.logged());
	}

	/**
	 * What one attempt gave.
	 * @param attempt what to record on the row
	 * @param decision the row's next state and attempt time
	 * @param finished when the answer (or the error) came
	 * @param summary the answer in a few words for the log ("HTTP 503", the error)
	 */
	record Outcome(DeliveryAttempt attempt, DeliveryDecision decision, Instant finished, String summary) {

		boolean delivered() {
			return this.decision.state() == Delivery.State.DELIVERED;
		}

		@Nullable Instant nextAttemptAt() {
			return this.decision.nextAttemptAt();
		}

	}

}
