package dev.todostreams.stream.config;

import java.time.Duration;

import dev.todostreams.stream.kcl.StreamProperties;
import dev.todostreams.stream.kcl.StreamProperties.Metrics;
import dev.todostreams.stream.kcl.StreamProperties.Preset;
import dev.todostreams.stream.kcl.StreamProperties.StartingPosition;
import dev.todostreams.stream.kcl.StreamProperties.Timing;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The stream consumer's settings as bound from {@code todo.stream.*}, with their defaults; {@link #toStreamProperties()}
 * turns them into the plain {@link StreamProperties} that {@code stream.kcl} works with (which knows nothing of
 * Spring). Timings left unset come from the {@link #preset()}: {@code FAST} for the embedded emulator and tests,
 * {@code SAFE} (KCL's own defaults) for AWS.
 *
 * @param enabled run the consumer at all
 * @param tableName the table whose stream is consumed
 * @param applicationName KCL application name, which is also the lease table's name
 * @param workerId this instance's id in the lease table; default host name plus a random suffix
 * @param startingPosition where a shard without checkpoint starts: TRIM_HORIZON (oldest kept record) or LATEST
 * @param batchSize GetRecords limit (at most 1000)
 * @param preset which timing defaults apply; null = SAFE under the {@code aws} profile, FAST otherwise
 * @param timing KCL timings; each one null = the preset's value
 * @param retry handler retries before a dead letter
 * @param claimTimeout backstop: a claim not completed or released this long after it was made counts as abandoned
 *        by anyone (the fenced take-over below normally comes much sooner)
 * @param handlerTimeout the longest one handler attempt may run: it is interrupted then and counts as failed. The
 *        shard's new lease holder takes over claims of the previous holder this long after it got the lease, because
 *        a previous holder (even one that still runs, having lost its lease) cannot be inside a handler any more
 * @param tables the consumer's own DynamoDB tables
 * @param metrics KCL's CloudWatch metrics and worker-utilization metrics
 * @param gracefulShutdownTimeout how long a stop waits for in-flight records and their checkpoints
 */
@ConfigurationProperties("todo.stream")
public record StreamConsumerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("Todos") String tableName,
		@DefaultValue("todo-streams-consumer") String applicationName, @Nullable String workerId,
		@DefaultValue("TRIM_HORIZON") StartingPosition startingPosition, @DefaultValue("1000") int batchSize,
		@Nullable Preset preset, @DefaultValue Timing timing, @DefaultValue Retry retry,
		@DefaultValue("5m") Duration claimTimeout, @DefaultValue("4s") Duration handlerTimeout,
		@DefaultValue Tables tables, @DefaultValue Metrics metrics,
		@DefaultValue("20s") Duration gracefulShutdownTimeout) {

	public StreamConsumerProperties {
		// bad values fail the binding (and so the start, with the property named), not only the consumer's creation
		toStreamProperties(enabled, tableName, applicationName, workerId, startingPosition, batchSize, preset, timing,
				retry, claimTimeout, handlerTimeout, tables, metrics, gracefulShutdownTimeout);
	}

	/** The settings as the plain value {@code stream.kcl} takes. */
	public StreamProperties toStreamProperties() {
		return toStreamProperties(this.enabled, this.tableName, this.applicationName, this.workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, this.retry, this.claimTimeout,
				this.handlerTimeout, this.tables, this.metrics, this.gracefulShutdownTimeout);
	}

	private static StreamProperties toStreamProperties(boolean enabled, String tableName, String applicationName,
			@Nullable String workerId, StartingPosition startingPosition, int batchSize, @Nullable Preset preset,
			Timing timing, Retry retry, Duration claimTimeout, Duration handlerTimeout, Tables tables, Metrics metrics,
			Duration gracefulShutdownTimeout) {
		return new StreamProperties(enabled, tableName, applicationName, workerId, startingPosition, batchSize, preset,
				timing, retry.toRetry(), claimTimeout, handlerTimeout, tables.toTables(), metrics,
				gracefulShutdownTimeout);
	}

	/**
	 * @param maxAttempts attempts per handler before the change is dead-lettered
	 * @param initialBackoff wait after the first failure
	 * @param multiplier growth of the wait
	 * @param maxBackoff longest wait
	 * @param retryForever never dead-letter a failing handler (the shard waits)
	 */
	public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("2.0") double multiplier, @DefaultValue("10s") Duration maxBackoff,
			@DefaultValue("false") boolean retryForever) {

		StreamProperties.Retry toRetry() {
			return new StreamProperties.Retry(this.maxAttempts, this.initialBackoff, this.multiplier, this.maxBackoff,
					this.retryForever);
		}

	}

	/**
	 * @param idempotency table of (eventId, handler) records
	 * @param deadLetters table of dead letters
	 * @param create create missing tables at start (otherwise fail fast)
	 * @param idempotencyRetention TTL of idempotency records; longer than the stream's 24 h
	 * @param deadLetterRetention TTL of dead letters
	 */
	public record Tables(@DefaultValue("TodoStreamIdempotency") String idempotency,
			@DefaultValue("TodoStreamDeadLetters") String deadLetters, @DefaultValue("true") boolean create,
			@DefaultValue("48h") Duration idempotencyRetention, @DefaultValue("14d") Duration deadLetterRetention) {

		StreamProperties.Tables toTables() {
			return new StreamProperties.Tables(this.idempotency, this.deadLetters, this.create,
					this.idempotencyRetention, this.deadLetterRetention);
		}

	}

}
