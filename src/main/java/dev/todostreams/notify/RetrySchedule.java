package dev.todostreams.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When the attempts of one delivery happen: {@code delays[i]} is the wait before attempt {@code i + 1}, measured
 * from the failure of the attempt before it (the first is normally zero). Each non-zero wait is spread by
 * {@code ±jitter} so that many deliveries failing together do not retry together.
 *
 * @param delays one wait per attempt; its size is the number of attempts
 * @param jitter fraction of a wait by which it may vary, 0 to 1
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

	/** The Standard Webhooks schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
	public static final List<Duration> STANDARD = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
			Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
			Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

	public RetrySchedule {
		delays = List.copyOf(delays);
		if (delays.isEmpty()) {
			throw new IllegalArgumentException("a retry schedule needs at least one attempt");
		}
		if (delays.stream().anyMatch(Duration::isNegative)) {
			throw new IllegalArgumentException("retry delays cannot be negative");
		}
		if (jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
		}
	}

	public int attempts() {
		return this.delays.size();
	}

	/**
	 * The wait after failed attempt number {@code failedAttempts} (1-based), or empty when it was the last one.
	 */
	public Optional<Duration> delayAfter(int failedAttempts, RandomGenerator random) {
		if (failedAttempts < 1) {
			throw new IllegalArgumentException("failedAttempts is 1-based, was " + failedAttempts);
		}
		if (failedAttempts >= this.delays.size()) {
			return Optional.empty();
		}
		Duration base = this.delays.get(failedAttempts);
		if (base.isZero() || this.jitter == 0) {
			return Optional.of(base);
		}
		double factor = 1 + this.jitter * (2 * random.nextDouble() - 1);
		return Optional.of(Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * factor))));
	}

}
