package dev.todostreams.stream.kcl;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the stream consumer, a plain value (no Spring here: the application binds {@code todo.stream.*} in
 * {@code stream.config.StreamConsumerProperties}, which holds the defaults, and builds this from it). Timings left
 * unset come from the {@link #preset()}: {@code FAST} for the embedded emulator and tests, {@code SAFE} (KCL's own
 * defaults) for AWS.
 * <p>
 * Each component means what the {@code todo.stream.*} property of the same name means (documented there).
 */
public record StreamProperties(boolean enabled, String tableName, String applicationName, @Nullable String workerId,
		StartingPosition startingPosition, int batchSize, @Nullable Preset preset, Timing timing, Retry retry,
		Duration claimTimeout, Duration handlerTimeout, Tables tables, Metrics metrics,
		Duration gracefulShutdownTimeout) {

	public StreamProperties {
		if (handlerTimeout.isNegative() || handlerTimeout.isZero()) {
			throw new IllegalArgumentException("todo.stream.handler-timeout must be positive, was " + handlerTimeout);
		}
		if (batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException("todo.stream.batch-size must be 1..1000, was " + batchSize);
		}
	}

	/**
	 * Defaults for tests and code that builds a consumer by hand: the same as the application's (the bound
	 * {@code todo.stream.*} defaults; a test compares them).
	 */
	public static StreamProperties defaults(String tableName, Preset preset) {
		return new StreamProperties(true, tableName, "todo-streams-consumer", null, StartingPosition.TRIM_HORIZON,
				1000, preset, Timing.unset(), Retry.defaults(), Duration.ofMinutes(5), Duration.ofSeconds(4),
				Tables.defaults(),
				new Metrics(false, false), Duration.ofSeconds(20));
	}

	public StreamProperties withApplicationName(String applicationName) {
		return new StreamProperties(this.enabled, this.tableName, applicationName, this.workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, this.retry, this.claimTimeout,
				this.handlerTimeout, this.tables, this.metrics, this.gracefulShutdownTimeout);
	}

	public StreamProperties withWorkerId(String workerId) {
		return new StreamProperties(this.enabled, this.tableName, this.applicationName, workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, this.retry, this.claimTimeout,
				this.handlerTimeout, this.tables, this.metrics, this.gracefulShutdownTimeout);
	}

	public StreamProperties withTableName(String tableName) {
		return new StreamProperties(this.enabled, tableName, this.applicationName, this.workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, this.retry, this.claimTimeout,
				this.handlerTimeout, this.tables, this.metrics, this.gracefulShutdownTimeout);
	}

	public StreamProperties withTables(Tables tables) {
		return new StreamProperties(this.enabled, this.tableName, this.applicationName, this.workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, this.retry, this.claimTimeout, this.handlerTimeout, tables,
				this.metrics, this.gracefulShutdownTimeout);
	}

	public StreamProperties withRetry(Retry retry) {
		return new StreamProperties(this.enabled, this.tableName, this.applicationName, this.workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, retry, this.claimTimeout, this.handlerTimeout, this.tables,
				this.metrics, this.gracefulShutdownTimeout);
	}

	public StreamProperties withClaimTimeout(Duration claimTimeout) {
		return new StreamProperties(this.enabled, this.tableName, this.applicationName, this.workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, this.retry, claimTimeout, this.handlerTimeout, this.tables,
				this.metrics, this.gracefulShutdownTimeout);
	}

	public StreamProperties withHandlerTimeout(Duration handlerTimeout) {
		return new StreamProperties(this.enabled, this.tableName, this.applicationName, this.workerId,
				this.startingPosition, this.batchSize, this.preset, this.timing, this.retry, this.claimTimeout,
				handlerTimeout, this.tables, this.metrics, this.gracefulShutdownTimeout);
	}

	/** The timings in force: explicit values, else the preset's. */
	public EffectiveTiming effectiveTiming(Preset fallback) {
		return effectiveTiming(fallback, true);
	}

	/**
	 * The timings in force: explicit values, else the preset's, except that the preset skips KCL's wait on an empty
	 * lease table only where this worker starts alone ({@code startsAlone}, the embedded mode): where several workers
	 * may start together on a new stream, the wait keeps them from all syncing the shards at once. An explicit
	 * {@code skip-empty-lease-table-wait} is taken as given.
	 */
	public EffectiveTiming effectiveTiming(Preset fallback, boolean startsAlone) {
		Preset chosen = (this.preset != null) ? this.preset : fallback;
		EffectiveTiming base = (chosen == Preset.FAST) ? EffectiveTiming.FAST : EffectiveTiming.SAFE;
		Timing t = this.timing;
		return new EffectiveTiming(or(t.idleTimeBetweenReads(), base.idleTimeBetweenReads()),
				or(t.failoverTime(), base.failoverTime()), or(t.leaseAssignmentInterval(), base.leaseAssignmentInterval()),
				or(t.parentShardPollInterval(), base.parentShardPollInterval()),
				or(t.shardConsumerDispatchPollInterval(), base.shardConsumerDispatchPollInterval()),
				(t.skipEmptyLeaseTableWait() != null) ? t.skipEmptyLeaseTableWait()
						: (startsAlone && base.skipEmptyLeaseTableWait()),
				or(t.awaitInitialization(), base.awaitInitialization()),
				or(t.leaderLeaseDuration(), base.leaderLeaseDuration()),
				or(t.leaderHeartbeatPeriod(), base.leaderHeartbeatPeriod()),
				or(t.workerMetricsCaptureInterval(), base.workerMetricsCaptureInterval()),
				or(t.workerMetricsReportInterval(), base.workerMetricsReportInterval()));
	}

	private static Duration or(@Nullable Duration value, Duration fallback) {
		return (value != null) ? value : fallback;
	}

	public enum StartingPosition {

		TRIM_HORIZON, LATEST

	}

	public enum Preset {

		/** Sub-second KCL timings and no wait on an empty lease table: one instance, the emulator, tests. */
		FAST,
		/** KCL's defaults: safe for many instances starting at once on AWS. */
		SAFE

	}

	/**
	 * KCL timings; null means "take the preset's value".
	 *
	 * @param idleTimeBetweenReads pause after a non-empty GetRecords (twice that after an empty one)
	 * @param failoverTime lease duration: a worker that has not renewed for this long loses its shards
	 * @param leaseAssignmentInterval how often the leader assigns leases (KCL default: twice the failover time)
	 * @param parentShardPollInterval how often a child shard checks whether its parent is finished
	 * @param shardConsumerDispatchPollInterval how often the scheduler loop creates consumers for new leases
	 * @param skipEmptyLeaseTableWait skip KCL's randomized 1-30 s wait while the lease table is empty
	 * @param awaitInitialization how long start-up waits for the scheduler to initialize (0 = do not wait, the
	 * default in both presets: readiness stays OUT_OF_SERVICE until the worker holds its leases)
	 * @param leaderLeaseDuration how long the leader lock lasts without heartbeat: a dead leader is replaced after it
	 * @param leaderHeartbeatPeriod how often the leader renews its lock
	 * @param workerMetricsCaptureInterval KCL 3 samples worker stats this often; the first report (without which the
	 * leader assigns no lease to the worker) comes after twice this
	 * @param workerMetricsReportInterval how often worker stats are written; a worker silent for twice this counts as
	 * dead
	 */
	public record Timing(@Nullable Duration idleTimeBetweenReads, @Nullable Duration failoverTime,
			@Nullable Duration leaseAssignmentInterval, @Nullable Duration parentShardPollInterval,
			@Nullable Duration shardConsumerDispatchPollInterval, @Nullable Boolean skipEmptyLeaseTableWait,
			@Nullable Duration awaitInitialization, @Nullable Duration leaderLeaseDuration,
			@Nullable Duration leaderHeartbeatPeriod, @Nullable Duration workerMetricsCaptureInterval,
			@Nullable Duration workerMetricsReportInterval) {

		public static Timing unset() {
			return new Timing(null, null, null, null, null, null, null, null, null, null, null);
		}

	}

	/** Timings with every value decided. */
	public record EffectiveTiming(Duration idleTimeBetweenReads, Duration failoverTime,
			Duration leaseAssignmentInterval, Duration parentShardPollInterval,
			Duration shardConsumerDispatchPollInterval, boolean skipEmptyLeaseTableWait,
			Duration awaitInitialization, Duration leaderLeaseDuration, Duration leaderHeartbeatPeriod,
			Duration workerMetricsCaptureInterval, Duration workerMetricsReportInterval) {

		static final EffectiveTiming FAST = new EffectiveTiming(Duration.ofMillis(50), Duration.ofSeconds(3),
				Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(20), true, Duration.ZERO,
				Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofSeconds(2));

		static final EffectiveTiming SAFE = new EffectiveTiming(Duration.ofSeconds(1), Duration.ofSeconds(10),
				Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(1), false, Duration.ZERO,
				Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30));

	}

	/**
	 * @param maxAttempts attempts per handler before the change is dead-lettered
	 * @param initialBackoff wait after the first failure
	 * @param multiplier growth of the wait
	 * @param maxBackoff longest wait
	 * @param retryForever never dead-letter a failing handler (the shard waits)
	 */
	public record Retry(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
			boolean retryForever) {

		public static Retry defaults() {
			return new Retry(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), false);
		}

	}

	/**
	 * @param idempotency table of (eventId, handler) records
	 * @param deadLetters table of dead letters
	 * @param create create missing tables at start (otherwise fail fast)
	 * @param idempotencyRetention TTL of idempotency records; longer than the stream's 24 h
	 * @param deadLetterRetention TTL of dead letters
	 */
	public record Tables(String idempotency, String deadLetters, boolean create, Duration idempotencyRetention,
			Duration deadLetterRetention) {

		public static Tables defaults() {
			return new Tables("TodoStreamIdempotency", "TodoStreamDeadLetters", true, Duration.ofHours(48),
					Duration.ofDays(14));
		}

	}

	/**
	 * @param cloudWatch publish KCL's metrics to CloudWatch (off: NullMetricsFactory)
	 * @param workerMetrics let KCL 3 sample worker CPU (probes the EC2 metadata address)
	 */
	public record Metrics(boolean cloudWatch, boolean workerMetrics) {
	}

}
