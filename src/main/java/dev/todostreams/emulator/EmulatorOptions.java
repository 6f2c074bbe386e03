package dev.todostreams.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Settings of an emulator instance. Start from {@link #defaults()} and change what you need:
 * {@code EmulatorOptions.defaults().withPort(8000).withDataDirectory(Path.of("data"))}.
 *
 * @param host address to bind (default loopback)
 * @param port TCP port, 0 = a free random port
 * @param dataDirectory where tables, items and streams are kept across restarts; null = in memory only
 * @param region region reported in ARNs and stream records
 * @param accountId 12-digit account id reported in ARNs
 * @param streamRetention how long stream records stay readable
 * @param shardRolloverRecords start a child shard after this many records in a shard (0 = never)
 * @param shardRolloverInterval start a child shard when the open one is this old
 * @param ttlSweepInterval how often expired items are deleted by the TTL sweeper
 * @param clock the time source (tests may use a fixed or offset clock)
 * @param maxConnections open client connections served at once (one thread each); more are refused with HTTP 503
 * @param idleTimeout a connection idle (or stalled inside a request) this long is closed
 * @param tableStatusDelay how long a new table stays CREATING, an updated one UPDATING, a deleted one DELETING and a new
 *     GSI CREATING (backfilling) before they are ACTIVE (or gone), by {@code clock}; zero = at once (CreateTable still
 *     answers CREATING, DeleteTable DELETING). The system property {@value #TABLE_STATUS_DELAY_PROPERTY} sets the
 *     default (zero when unset; the standalone {@link EmulatorMain} defaults to 100 ms)
 * @param indexLag how long a write takes to show in a global secondary index (GSIs are eventually consistent on
 *     AWS); zero = at once. The system property {@value #INDEX_LAG_PROPERTY} (an ISO-8601 duration such as
 *     {@code PT0.5S}) sets the default, so a whole test run can use a lag without code changes
 */
public record EmulatorOptions(String host, int port, @Nullable Path dataDirectory, String region, String accountId, Duration streamRetention, int shardRolloverRecords, Duration shardRolloverInterval, Duration ttlSweepInterval, Clock clock, int maxConnections, Duration idleTimeout, Duration tableStatusDelay, Duration indexLag) {

	/** System property read by {@link #defaults()} for {@link #indexLag()}. */
	public static final String INDEX_LAG_PROPERTY = "todostreams.emulator.index-lag";

	/** System property read by {@link #defaults()} for {@link #tableStatusDelay()}. */
	public static final String TABLE_STATUS_DELAY_PROPERTY = "todostreams.emulator.table-status-delay";

	public EmulatorOptions {
		if (tableStatusDelay.isNegative() || indexLag.isNegative()) {
			throw new IllegalArgumentException("tableStatusDelay and indexLag must not be negative");
		}
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be at least 1");
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("idleTimeout must be positive");
		}
	}

	/**
	 * The defaults; {@link #tableStatusDelay()} and {@link #indexLag()} from the system properties
	 * {@value #TABLE_STATUS_DELAY_PROPERTY} and {@value #INDEX_LAG_PROPERTY} when set (zero otherwise).
	 * @throws IllegalArgumentException when one of those properties is not a non-negative ISO-8601 duration
	 */
	public static EmulatorOptions defaults() {
		return defaults(System::getProperty);
	}

	/** {@link #defaults()} with system properties read from {@code properties} (tests). */
	static EmulatorOptions defaults(UnaryOperator<@Nullable String> properties) {
		return new EmulatorOptions("127.0.0.1", 0, null, "us-east-1", "000000000000", Duration.ofHours(24), 0, Duration.ofHours(4), Duration.ofSeconds(5), Clock.systemUTC(), 512, Duration.ofMinutes(2), durationProperty(properties, TABLE_STATUS_DELAY_PROPERTY), durationProperty(properties, INDEX_LAG_PROPERTY));
	}

	private static Duration durationProperty(UnaryOperator<@Nullable String> properties, String name) {
		String value = properties.apply(name);
		if (value == null || value.isBlank()) {
			return Duration.ZERO;
		}
		try {
			Duration duration = Duration.parse(value.trim());
			if (!duration.isNegative()) {
				return duration;
			}
		}
		catch (DateTimeParseException ex) {
			// reported below
		}
		throw new IllegalArgumentException("System property " + name
				+ " must be a non-negative ISO-8601 duration such as PT0.1S or PT0S: '" + value + "'");
	}

	public EmulatorOptions withHost(String host) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withPort(int port) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withDataDirectory(@Nullable Path dataDirectory) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withRegion(String region) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withAccountId(String accountId) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withStreamRetention(Duration streamRetention) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withShardRolloverRecords(int shardRolloverRecords) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withShardRolloverInterval(Duration shardRolloverInterval) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withTtlSweepInterval(Duration ttlSweepInterval) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withClock(Clock clock) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withMaxConnections(int maxConnections) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withIdleTimeout(Duration idleTimeout) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withTableStatusDelay(Duration tableStatusDelay) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}

	public EmulatorOptions withIndexLag(Duration indexLag) {
		return new EmulatorOptions(host, port, dataDirectory, region, accountId, streamRetention, shardRolloverRecords, shardRolloverInterval, ttlSweepInterval, clock, maxConnections, idleTimeout, tableStatusDelay, indexLag);
	}
}
