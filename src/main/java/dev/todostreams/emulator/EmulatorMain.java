package dev.todostreams.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * Runs the emulator standalone so any AWS client can use it:
 * {@code java -cp <classpath> dev.todostreams.emulator.EmulatorMain --port 8000 --data-dir data}.
 */
public final class EmulatorMain {

	private static final String USAGE = """
			usage: EmulatorMain [options]
			  --host <address>                  address to bind (default 127.0.0.1)
			  --port <port>                     TCP port (default 8000, 0 = random)
			  --data-dir <path>                 keep tables, items and streams across restarts (default: in memory)
			  --region <region>                 region in ARNs and stream records (default us-east-1)
			  --account-id <12 digits>          account in ARNs (default 000000000000)
			  --stream-retention <duration>     how long stream records stay readable (default PT24H)
			  --shard-rollover-records <n>      start a child shard every n records (default 0 = never)
			  --shard-rollover-interval <dur>   start a child shard when the open one is this old (default PT4H)
			  --ttl-sweep-interval <duration>   how often expired TTL items are deleted (default PT5S)
			  --table-status-delay <duration>   how long tables stay CREATING / UPDATING / DELETING and new
			                                    indexes backfilling (default 100ms; 0 = at once)
			  --index-lag <duration>            how long a write takes to show in global secondary indexes
			                                    (default 0)
			Durations are ISO-8601 (PT30S, PT4H, PT0.1S), milliseconds (100ms) or plain seconds.
			The system properties todostreams.emulator.table-status-delay and todostreams.emulator.index-lag
			(ISO-8601) set the defaults of the last two options.
			""";

	/**
	 * The table status delay when neither {@code --table-status-delay} nor the system property sets one: DynamoDB
	 * takes seconds, so a client that uses a table before it is ACTIVE fails here as it would there, at a cost of a
	 * tenth of a second per table change. (In-process, {@link EmulatorOptions#defaults()} stays at 0: KCL 3.3 waits
	 * for its lease tables with fixed sleeps of 10 to 20 s once it sees them not ACTIVE.)
	 */
	public static final Duration DEFAULT_TABLE_STATUS_DELAY = Duration.ofMillis(100);

	private EmulatorMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmulatorOptions options;
		try {
			options = parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		if (options == null) {
			System.out.print(USAGE);
			return;
		}
		DynamoDbEmulator emulator = DynamoDbEmulator.start(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			emulator.close();
			stopped.countDown();
		}, "dynamodb-emulator-shutdown"));
		System.out.println("DynamoDB emulator listening on " + emulator.endpoint());
		stopped.await();
	}

	/** Parses command-line options; returns null when help was asked for. */
	static EmulatorOptions parse(String[] args) {
		return parse(args, System::getProperty);
	}

	/** {@link #parse(String[])} with system properties read from {@code properties} (tests). */
	static EmulatorOptions parse(String[] args, java.util.function.UnaryOperator<@Nullable String> properties) {
		EmulatorOptions options = EmulatorOptions.defaults(properties).withPort(8000);
		if (properties.apply(EmulatorOptions.TABLE_STATUS_DELAY_PROPERTY) == null) {
			options = options.withTableStatusDelay(DEFAULT_TABLE_STATUS_DELAY);
		}
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--help") || name.equals("-h")) {
				return null;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("missing value for " + name);
			}
			String value = args[++i];
			switch (name) {
				case "--host" -> options = options.withHost(value);
				case "--port" -> options = options.withPort(integer(name, value, 0, 65535));
				case "--data-dir" -> options = options.withDataDirectory(Path.of(value));
				case "--region" -> options = options.withRegion(value);
				case "--account-id" -> {
					if (!value.matches("\\d{12}")) {
						throw new IllegalArgumentException("--account-id must be 12 digits: " + value);
					}
					options = options.withAccountId(value);
				}
				case "--stream-retention" -> options = options.withStreamRetention(duration(name, value));
				case "--shard-rollover-records" -> options = options.withShardRolloverRecords(integer(name, value, 0, Integer.MAX_VALUE));
				case "--shard-rollover-interval" -> options = options.withShardRolloverInterval(duration(name, value));
				case "--ttl-sweep-interval" -> options = options.withTtlSweepInterval(duration(name, value));
				case "--table-status-delay" -> options = options.withTableStatusDelay(delay(name, value));
				case "--index-lag" -> options = options.withIndexLag(delay(name, value));
				default -> throw new IllegalArgumentException("unknown option " + name);
			}
		}
		return options;
	}

	private static int integer(String name, String value, int min, int max) {
		try {
			int n = Integer.parseInt(value);
			if (n < min || n > max) {
				throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number: " + value);
		}
	}

	/** A duration that may be zero: ISO-8601, {@code <n>ms} or plain seconds. */
	private static Duration delay(String name, String value) {
		Duration d;
		try {
			d = value.matches("\\d+ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
					: value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
		}
		catch (java.time.format.DateTimeParseException | ArithmeticException | NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a duration like PT0.1S, 100ms or a number of seconds: " + value);
		}
		if (d.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative: " + value);
		}
		return d;
	}

	/** A positive duration: ISO-8601, {@code <n>ms} or plain seconds. */
	private static Duration duration(String name, String value) {
		Duration d = delay(name, value);
		if (d.isZero()) {
			throw new IllegalArgumentException(name + " must be positive: " + value);
		}
		return d;
	}
}
