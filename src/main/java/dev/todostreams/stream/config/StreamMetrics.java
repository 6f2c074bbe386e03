package dev.todostreams.stream.config;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.DeadLetter;
import dev.todostreams.stream.ItemChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of the consumer:
 * {@code todo.stream.records.processed}, {@code todo.stream.lag} (now minus ApproximateCreationDateTime, timer and
 * last-value gauge {@code todo.stream.lag.last}), {@code todo.stream.handler.latency},
 * {@code todo.stream.handler.failures}, {@code todo.stream.dead.letters}, {@code todo.stream.duplicates.skipped}.
 * Also remembers the last processed change for the health indicator.
 */
public class StreamMetrics implements ChangeProcessingObserver {

	private final MeterRegistry registry;

	private final AtomicLong lastLagMillis = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final AtomicLong deadLetters = new AtomicLong();

	private final AtomicReference<@Nullable Instant> lastProcessedAt = new AtomicReference<>();

	/** @param registry where the meters go (the application's registry, or a private one when it has none) */
	public StreamMetrics(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("todo.stream.lag.last", this.lastLagMillis, AtomicLong::get)
			.baseUnit("milliseconds")
			.description("Lag of the last processed change: now minus its ApproximateCreationDateTime")
			.register(registry);
	}

	@Override
	public void changeProcessed(String shardId, ItemChange change) {
		Instant now = Instant.now();
		long lag = Math.max(0, Duration.between(change.approximateCreationTime(), now).toMillis());
		this.lastLagMillis.set(lag);
		this.processed.incrementAndGet();
		this.lastProcessedAt.set(now);
		Counter.builder("todo.stream.records.processed").register(this.registry).increment();
		Timer.builder("todo.stream.lag")
			.description("Now minus the change's ApproximateCreationDateTime when processed")
			.register(this.registry)
			.record(lag, TimeUnit.MILLISECONDS);
	}

	@Override
	public void handlerSucceeded(String handlerId, ItemChange change, Duration latency) {
		Timer.builder("todo.stream.handler.latency").tag("handler", handlerId).register(this.registry)
			.record(latency);
	}

	@Override
	public void handlerFailed(String handlerId, ItemChange change, Throwable error, int failures) {
		Counter.builder("todo.stream.handler.failures").tag("handler", handlerId)
			.tag("exception", error.getClass().getSimpleName())
			.register(this.registry)
			.increment();
	}

	@Override
	public void duplicateSkipped(String handlerId, ItemChange change) {
		Counter.builder("todo.stream.duplicates.skipped").tag("handler", handlerId).register(this.registry)
			.increment();
	}

	@Override
	public void deadLettered(DeadLetter deadLetter) {
		this.deadLetters.incrementAndGet();
		Counter.builder("todo.stream.dead.letters").tag("handler", deadLetter.handlerId()).register(this.registry)
			.increment();
	}

	long processed() {
		return this.processed.get();
	}

	long deadLetters() {
		return this.deadLetters.get();
	}

	long lastLagMillis() {
		return this.lastLagMillis.get();
	}

	@Nullable Instant lastProcessedAt() {
		return this.lastProcessedAt.get();
	}

}
