package dev.todostreams.stream.kcl;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.ChangeProcessor;
import dev.todostreams.stream.DeadLetterStore;
import dev.todostreams.stream.IdempotencyStore;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.ItemChangeListeners;
import dev.todostreams.stream.RetryPolicy;
import dev.todostreams.stream.Sleeper;
import dev.todostreams.stream.StreamTestEnvironment;

/** Builds stream consumers on a test environment, the way the Spring configuration does. */
public final class ConsumerHarness {

	private ConsumerHarness() {
	}

	public static String uniqueApplicationName() {
		return "consumer-test-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static StreamConsumer consumer(StreamTestEnvironment env, String applicationName, String workerId,
			List<ItemChangeListener> listeners, IdempotencyStore idempotency, DeadLetterStore deadLetters,
			ChangeProcessingObserver observer) {
		StreamProperties properties = StreamProperties
			.defaults(StreamTestEnvironment.TABLE, StreamProperties.Preset.FAST)
			.withApplicationName(applicationName)
			.withWorkerId(workerId)
			.withClaimTimeout(Duration.ofSeconds(10))
			.withRetry(new StreamProperties.Retry(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(100), false));
		ItemChangeListeners registry = new ItemChangeListeners(listeners);
		return new StreamConsumer(properties, properties.effectiveTiming(StreamProperties.Preset.FAST), env.dynamo(),
				env.dynamoAsync(), env.streams(), env.cloudWatch(),
				(owner) -> new ChangeProcessor(registry, idempotency, deadLetters,
						new RetryPolicy(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(100), false),
						Duration.ofSeconds(10), observer, Sleeper.THREAD, Clock.systemUTC(), owner));
	}

}
