package dev.todostreams.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

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
			Durations are ISO-8601 (PT30S, PT4H) or plain seconds.
			""";

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
		EmulatorOptions options = EmulatorOptions.defaults().withPort(8000);
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

	private static Duration duration(String name, String value) {
		try {
			Duration d = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
			if (d.isNegative() || d.isZero()) {
				throw new IllegalArgumentException(name + " must be positive: " + value);
			}
			return d;
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new IllegalArgumentException(name + " must be a duration like PT30S or a number of seconds: " + value);
		}
	}
}
