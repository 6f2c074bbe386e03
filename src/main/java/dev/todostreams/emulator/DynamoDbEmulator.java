package dev.todostreams.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.http.EmulatorHttpServer;
import dev.todostreams.emulator.stream.StreamSettings;
import dev.todostreams.emulator.stream.StreamStore;
import dev.todostreams.emulator.table.ChangeLog;
import dev.todostreams.emulator.table.Database;

/**
 * An embedded DynamoDB + DynamoDB Streams endpoint.
 * {@code try (var db = DynamoDbEmulator.start(EmulatorOptions.defaults()))} then point any AWS client at
 * {@link #endpoint()} (any region and credentials are accepted; ARNs use the configured region).
 */
public final class DynamoDbEmulator implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(DynamoDbEmulator.class.getName());

	private static final String STREAM_EVENT = "s";

	private final EmulatorOptions options;

	private final Database database;

	private final StreamStore streams;

	private final @Nullable Journal journal;

	private final EmulatorHttpServer server;

	private final ScheduledExecutorService housekeeping;

	private DynamoDbEmulator(EmulatorOptions options) throws IOException {
		this.options = options;
		this.journal = options.dataDirectory() == null ? null : new Journal(options.dataDirectory());
		ChangeLog sink = journal == null ? ChangeLog.NONE : journal;
		StreamSettings settings = new StreamSettings(options.region(), options.accountId(), options.streamRetention(),
				options.shardRolloverRecords(), options.shardRolloverInterval(), StreamSettings.defaults().iteratorLifetime());
		this.streams = journal == null ? new StreamStore(settings, options.clock())
				: new StreamStore(settings, options.clock(), event -> sink.accept(wrapStreamEvent(event)));
		this.database = new Database(streams, options.clock(), options.region(), options.accountId(), sink,
				options.tableStatusDelay().toMillis(), options.indexLag().toMillis());
		if (options.dataDirectory() != null) {
			// replayed before the journal is opened for appending: a bad tail is cut off first
			Journal.Replayed replayed = Journal.replay(options.dataDirectory(), this::replay);
			compact();
			if (replayed.events() > 0) {
				LOG.log(Level.INFO, "DynamoDB emulator restored {0} journal events", replayed.events());
			}
		}
		this.server = new EmulatorHttpServer(options.host(), options.port(), options.maxConnections(), options.idleTimeout(), this::handle);
		this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "dynamodb-emulator-ttl");
			t.setDaemon(true);
			return t;
		});
		long sweepMillis = Math.max(1, options.ttlSweepInterval().toMillis());
		housekeeping.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
		if (!options.indexLag().isZero() || !options.tableStatusDelay().isZero()) {
			LOG.log(Level.INFO, "DynamoDB emulator with global secondary index lag {0} and table status delay {1}",
					options.indexLag(), options.tableStatusDelay());
		}
		LOG.log(Level.INFO, "DynamoDB emulator listening on {0}{1}", endpoint(),
				options.dataDirectory() == null ? " (in memory)" : " (data in " + options.dataDirectory() + ")");
	}

	/** Starts an emulator; with port 0 it picks a free port. */
	public static DynamoDbEmulator start(EmulatorOptions options) {
		try {
			return new DynamoDbEmulator(options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start the DynamoDB emulator on " + options.host() + ":" + options.port(), ex);
		}
	}

	/** Starts an in-memory emulator on a random loopback port. */
	public static DynamoDbEmulator start() {
		return start(EmulatorOptions.defaults());
	}

	private Map<String, Object> handle(String service, String operation, Map<String, Object> request) {
		if (service.equals("DynamoDBStreams_20120810")) {
			return switch (operation) {
				case "ListStreams" -> streams.listStreams(request);
				case "DescribeStream" -> streams.describeStream(request);
				case "GetShardIterator" -> streams.getShardIterator(request);
				case "GetRecords" -> streams.getRecords(request);
				default -> throw new AwsException("UnknownOperationException",
						"Unknown operation: DynamoDBStreams_20120810." + operation);
			};
		}
		return database.handle(operation, request);
	}

	private static Map<String, Object> wrapStreamEvent(Map<String, Object> event) {
		Map<String, Object> wrapped = new LinkedHashMap<>();
		wrapped.put("k", STREAM_EVENT);
		wrapped.put("e", event);
		return wrapped;
	}

	@SuppressWarnings("unchecked")
	private void replay(Map<String, Object> event) {
		Object kind = event.get("k");
		if (STREAM_EVENT.equals(kind)) {
			streams.replay((Map<String, Object>) event.get("e"));
		}
		else if (Journal.BATCH.equals(kind)) {
			((List<Map<String, Object>>) event.get("e")).forEach(this::replay);
		}
		else {
			database.replay(event);
		}
	}

	private void compact() {
		if (journal == null) {
			return;
		}
		database.lockForSnapshot(() -> {
			List<Map<String, Object>> snapshot = new ArrayList<>();
			streams.snapshot().forEach(e -> snapshot.add(wrapStreamEvent(e)));
			snapshot.addAll(database.snapshot());
			journal.compact(snapshot);
		});
	}

	private void sweep() {
		try {
			database.sweepExpired();
			streams.trimExpired();
		}
		catch (RuntimeException ex) {
			LOG.log(Level.WARNING, "TTL sweep failed", ex);
		}
	}

	/** Runs the TTL sweeper now (tests use this instead of waiting for the schedule). Returns items deleted. */
	public int sweepExpiredItems() {
		return database.sweepExpired();
	}

	/** The HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
	public URI endpoint() {
		String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
		if (host.equals("0.0.0.0")) {
			host = "127.0.0.1";
		}
		return URI.create("http://" + host + ":" + server.port());
	}

	public int port() {
		return server.port();
	}

	public EmulatorOptions options() {
		return options;
	}

	@Override
	public void close() {
		housekeeping.shutdownNow();
		server.close();
		if (journal != null) {
			compact();
			journal.close();
		}
	}
}
