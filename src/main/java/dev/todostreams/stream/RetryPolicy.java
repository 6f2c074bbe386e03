package dev.todostreams.stream;

import java.time.Duration;

/**
 * How a failing handler is retried before its change is dead-lettered.
 *
 * @param maxAttempts attempts in total, including the first (ignored when {@code retryForever})
 * @param initialBackoff wait after the first failure
 * @param multiplier growth of the wait per failure
 * @param maxBackoff upper bound of the wait
 * @param retryForever never dead-letter a failing handler; the shard waits until it succeeds
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
		boolean retryForever) {

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		if (multiplier < 1.0) {
			throw new IllegalArgumentException("multiplier must be at least 1");
		}
	}

	public static RetryPolicy defaults() {
		return new RetryPolicy(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), false);
	}

	/** Wait before the attempt following failure number {@code failures} (1-based). */
	public Duration backoff(int failures) {
		double millis = this.initialBackoff.toMillis() * Math.pow(this.multiplier, Math.max(0, failures - 1));
		return Duration.ofMillis((long) Math.min(millis, this.maxBackoff.toMillis()));
	}

	public boolean exhausted(int failures) {
		return !this.retryForever && failures >= this.maxAttempts;
	}

}
