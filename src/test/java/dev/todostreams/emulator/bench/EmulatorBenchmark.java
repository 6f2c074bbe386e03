package dev.todostreams.emulator.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Load client of the emulator benchmark: measures PutItem (stream enabled where the target has streams), GetItem,
 * conditional UpdateItem and Query throughput with 1, 8 and 32 client connections, then GetRecords throughput,
 * against one or more labelled endpoints, and prints a Markdown report on standard output (progress goes to
 * standard error).
 * <p>
 * Arguments: {@code label=http://host:port ...}, for example
 * {@code emulator=http://127.0.0.1:8000 dynalite=http://127.0.0.1:4567}. The targets are measured one after
 * another within each step, so they all see the same machine conditions. Run it with
 * {@code bench/emulator-benchmark.sh}, which starts both servers; see docs/BENCHMARKS.md.
 * <p>
 * Settings (system properties): {@code bench.rounds} (3: each step is run this many times per target, the
 * targets alternating, and the median throughput is reported), {@code bench.warmupSeconds} (2, per step, not
 * measured),
 * {@code bench.durationSeconds} (5, measured per step), {@code bench.initialWarmupSeconds} (3, per operation
 * and target before the first step), {@code bench.connections} (1,8,32), {@code bench.operations}
 * (PutItem,GetItem,UpdateItem,Query), {@code bench.getKeys} (5000), {@code bench.putKeys} (100000),
 * {@code bench.queryPartitions} (200), {@code bench.queryItems} (10), {@code bench.getRecordsLimit} (1000),
 * {@code bench.getRecordsMaxSeconds} (120), {@code bench.pid.LABEL} (process id of target LABEL's server: its CPU
 * per operation is then reported, read from /proc), {@code bench.client} ({@code raw}: the measured calls are
 * pre-encoded requests on plain sockets, {@link RawConnection}; {@code sdk}: they go through the AWS SDK's
 * {@code DynamoDbClient}; set-up and the stream read always use the SDK).
 */
public final class EmulatorBenchmark {

	private static final String PK = "pk";

	private static final String SK = "sk";

	private static final int PAYLOAD_LENGTH = 160;

	private final List<BenchTarget> targets;

	private final Settings settings;

	private final List<StepResult> results = new ArrayList<>();

	private final List<StreamResult> streamResults = new ArrayList<>();

	private final Map<BenchTarget, RawRequests> rawRequests = new HashMap<>();

	private EmulatorBenchmark(List<BenchTarget> targets, Settings settings) {
		this.targets = targets;
		this.settings = settings;
	}

	public static void main(String[] args) throws Exception {
		List<BenchTarget> targets = parseTargets(args);
		if (targets.isEmpty()) {
			System.err.println("usage: EmulatorBenchmark label=http://127.0.0.1:PORT [label=http://...]");
			System.exit(2);
		}
		Settings settings = Settings.fromSystemProperties();
		EmulatorBenchmark benchmark = new EmulatorBenchmark(targets, settings);
		try {
			benchmark.run();
		}
		finally {
			for (BenchTarget target : targets) {
				target.close();
			}
		}
		System.exit(0);
	}

	private static List<BenchTarget> parseTargets(String[] args) {
		List<BenchTarget> targets = new ArrayList<>();
		int unnamed = 0;
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String label = (equals > 0) ? arg.substring(0, equals) : "target" + (++unnamed);
			String url = (equals > 0) ? arg.substring(equals + 1) : arg;
			targets.add(new BenchTarget(label, URI.create(url)));
		}
		return targets;
	}

	private void run() throws InterruptedException {
		Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String loadAtStart = loadAverage();
		for (BenchTarget target : this.targets) {
			progress("setting up " + target.label() + " at " + target.endpoint());
			setUp(target);
		}
		for (BenchTarget target : this.targets) {
			for (Operation operation : this.settings.operations) {
				progress("initial warm-up " + target.label() + " " + operation.label);
				runStep(target, operation, 8, this.settings.initialWarmupNanos, 0);
			}
		}
		for (Operation operation : this.settings.operations) {
			for (int connections : this.settings.connections) {
				Map<BenchTarget, List<Measurement>> measurements = new LinkedHashMap<>();
				for (BenchTarget target : this.targets) {
					measurements.put(target, new ArrayList<>());
				}
				for (int round = 0; round < this.settings.rounds; round++) {
					// alternate the targets, and the order in which they go, so that they share the conditions
					List<BenchTarget> order = new ArrayList<>(this.targets);
					if (round % 2 == 1) {
						Collections.reverse(order);
					}
					for (BenchTarget target : order) {
						progress("measuring " + operation.label + " x" + connections + " on " + target.label()
								+ " (round " + (round + 1) + "/" + this.settings.rounds + ")");
						Measurement measurement = runStep(target, operation, connections, this.settings.warmupNanos,
								this.settings.durationNanos);
						measurements.get(target).add(measurement);
						progress(String.format(Locale.ROOT,
								"  %.0f ops/s, p50 %.2f ms, p99 %.2f ms, errors %d, load %s",
								measurement.calls() / (this.settings.durationNanos / 1e9),
								LatencyRecorder.percentileMillis(measurement.sorted(), 50),
								LatencyRecorder.percentileMillis(measurement.sorted(), 99), measurement.errors(),
								measurement.load()));
					}
				}
				for (Map.Entry<BenchTarget, List<Measurement>> entry : measurements.entrySet()) {
					this.results.add(aggregate(operation, connections, entry.getKey(), entry.getValue()));
				}
			}
		}
		for (BenchTarget target : this.targets) {
			if (target.streams()) {
				progress("reading the stream of " + target.label());
				StreamResult result = readStream(target);
				this.streamResults.add(result);
				progress(String.format(Locale.ROOT, "  %d records in %.2f s", result.records, result.seconds));
			}
		}
		printReport(started, loadAtStart, loadAverage());
	}

	// ---- set-up

	private void setUp(BenchTarget target) throws InterruptedException {
		DynamoDbClient client = target.client(0);
		target.streams(supportsStreams(target));
		String tableName = "bench_" + System.currentTimeMillis();
		target.tableName(tableName);
		CreateTableRequest.Builder create = CreateTableRequest.builder()
			.tableName(tableName)
			.attributeDefinitions(AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
					AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
					KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
			.billingMode(BillingMode.PAY_PER_REQUEST);
		if (target.streams()) {
			create.streamSpecification(StreamSpecification.builder()
				.streamEnabled(true)
				.streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
				.build());
		}
		client.createTable(create.build());
		awaitActive(client, tableName);
		preload(target);
	}

	private static boolean supportsStreams(BenchTarget target) {
		try {
			target.streamsClient().listStreams((request) -> request.limit(1));
			return true;
		}
		catch (SdkException ex) {
			progress("  " + target.label() + " has no DynamoDB Streams API (" + ex.getClass().getSimpleName()
					+ "): its table is created without a stream");
			return false;
		}
	}

	private static void awaitActive(DynamoDbClient client, String tableName) throws InterruptedException {
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (true) {
			TableDescription table = client.describeTable((request) -> request.tableName(tableName)).table();
			if (table.tableStatus() == TableStatus.ACTIVE) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("table " + tableName + " not ACTIVE after 60 s: " + table.tableStatus());
			}
			Thread.sleep(50);
		}
	}

	/**
	 * Writes the items that GetItem, UpdateItem and Query read: {@code item#i} and {@code q#j} partitions of
	 * {@code queryItems} items each, with 8 connections.
	 */
	private void preload(BenchTarget target) throws InterruptedException {
		int writers = 8;
		int getKeys = this.settings.getKeys;
		int queryPartitions = this.settings.queryPartitions;
		int queryItems = this.settings.queryItems;
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread[] threads = new Thread[writers];
		for (int t = 0; t < writers; t++) {
			int thread = t;
			threads[t] = new Thread(() -> {
				DynamoDbClient client = target.client(thread);
				String payload = randomPayload();
				try {
					for (int i = thread; i < getKeys; i += writers) {
						Map<String, AttributeValue> item = new HashMap<>();
						item.put(PK, s("item#" + i));
						item.put(SK, s("0"));
						item.put("counter", n(0));
						item.put("payload", s(payload));
						client.putItem((request) -> request.tableName(target.tableName()).item(item));
					}
					for (int p = thread; p < queryPartitions; p += writers) {
						for (int i = 0; i < queryItems; i++) {
							Map<String, AttributeValue> item = new HashMap<>();
							item.put(PK, s("q#" + p));
							item.put(SK, s(String.format(Locale.ROOT, "%03d", i)));
							item.put("payload", s(payload));
							client.putItem((request) -> request.tableName(target.tableName()).item(item));
						}
					}
				}
				catch (RuntimeException ex) {
					failure.compareAndSet(null, ex);
				}
			}, "bench-preload-" + t);
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("preloading " + target.label() + " failed", failure.get());
		}
	}

	// ---- measured steps

	/**
	 * Runs one operation with the given number of connections: {@code warmupNanos} not measured, then
	 * {@code durationNanos} measured (calls started in that window).
	 */
	private Measurement runStep(BenchTarget target, Operation operation, int connections, long warmupNanos,
			long durationNanos) throws InterruptedException {
		List<LatencyRecorder> recorders = new ArrayList<>();
		Thread[] threads = new Thread[connections];
		CountDownLatch go = new CountDownLatch(1);
		long[] window = new long[2];
		boolean raw = this.settings.client == Client.RAW;
		RawRequests rawRequests = raw ? rawRequests(target) : null;
		for (int t = 0; t < connections; t++) {
			LatencyRecorder recorder = new LatencyRecorder();
			recorders.add(recorder);
			DynamoDbClient client = raw ? null : target.client(t);
			threads[t] = new Thread(() -> {
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				long measureFrom = window[0];
				long end = window[1];
				String payload = randomPayload();
				ThreadLocalRandom random = ThreadLocalRandom.current();
				RawConnection connection = raw ? new RawConnection(target.endpoint()) : null;
				RawRequests.PutBody putBody = raw ? rawRequests.putBody(payload) : null;
				long now;
				try {
					while ((now = System.nanoTime()) < end) {
						try {
							if (raw) {
								callRaw(operation, connection, rawRequests, putBody, random);
							}
							else {
								call(operation, client, target.tableName(), random, payload);
							}
							if (now >= measureFrom) {
								recorder.record(System.nanoTime() - now);
							}
						}
						catch (RuntimeException | IOException ex) {
							if (now >= measureFrom) {
								recorder.error(ex);
							}
						}
					}
				}
				finally {
					if (connection != null) {
						connection.close();
					}
				}
			}, "bench-" + operation.name().toLowerCase(Locale.ROOT) + "-" + t);
			threads[t].start();
		}
		long start = System.nanoTime();
		window[0] = start + warmupNanos;
		window[1] = start + warmupNanos + durationNanos;
		go.countDown();
		sleepUntil(window[0]);
		long serverCpuFrom = CpuClock.cpuNanos(target.pid());
		long clientCpuFrom = CpuClock.cpuNanos(0);
		sleepUntil(window[1]);
		long serverCpu = (target.pid() > 0 && serverCpuFrom >= 0) ? CpuClock.cpuNanos(target.pid()) - serverCpuFrom : -1;
		long clientCpu = CpuClock.cpuNanos(0) - clientCpuFrom;
		for (Thread thread : threads) {
			thread.join();
		}
		long[] sorted = LatencyRecorder.mergeSorted(recorders);
		long errors = 0;
		String firstError = null;
		for (LatencyRecorder recorder : recorders) {
			errors += recorder.errors();
			if (firstError == null) {
				firstError = recorder.firstError();
			}
		}
		return new Measurement(sorted.length, sorted, serverCpu, clientCpu, errors, firstError, loadAverage());
	}

	/**
	 * Sums up the rounds of one step on one target: median throughput of the rounds (and their range), latency
	 * percentiles and CPU per operation over all rounds' calls.
	 */
	private StepResult aggregate(Operation operation, int connections, BenchTarget target,
			List<Measurement> rounds) {
		double seconds = this.settings.durationNanos / 1e9;
		double[] throughputs = new double[rounds.size()];
		long calls = 0;
		long serverCpu = 0;
		long clientCpu = 0;
		long errors = 0;
		String firstError = null;
		double maxLoad = 0;
		List<long[]> latencies = new ArrayList<>();
		for (int i = 0; i < rounds.size(); i++) {
			Measurement round = rounds.get(i);
			throughputs[i] = round.calls() / seconds;
			calls += round.calls();
			serverCpu = (serverCpu < 0 || round.serverCpuNanos() < 0) ? -1 : serverCpu + round.serverCpuNanos();
			clientCpu = (clientCpu < 0 || round.clientCpuNanos() < 0) ? -1 : clientCpu + round.clientCpuNanos();
			errors += round.errors();
			if (firstError == null) {
				firstError = round.firstError();
			}
			maxLoad = Math.max(maxLoad, parseLoad(round.load()));
			latencies.add(round.sorted());
		}
		Arrays.sort(throughputs);
		double median = (throughputs.length % 2 == 1) ? throughputs[throughputs.length / 2]
				: (throughputs[throughputs.length / 2 - 1] + throughputs[throughputs.length / 2]) / 2;
		long[] sorted = concatSorted(latencies);
		return new StepResult(operation, connections, target.label(), median, throughputs[0],
				throughputs[throughputs.length - 1], LatencyRecorder.percentileMillis(sorted, 50),
				LatencyRecorder.percentileMillis(sorted, 99), microsPerCall(serverCpu, calls),
				microsPerCall(clientCpu, calls), errors, firstError, maxLoad);
	}

	private static long[] concatSorted(List<long[]> arrays) {
		int total = 0;
		for (long[] array : arrays) {
			total += array.length;
		}
		long[] all = new long[total];
		int at = 0;
		for (long[] array : arrays) {
			System.arraycopy(array, 0, all, at, array.length);
			at += array.length;
		}
		Arrays.sort(all);
		return all;
	}

	private static double parseLoad(String load) {
		try {
			return Double.parseDouble(load.split(" ")[0]);
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private void call(Operation operation, DynamoDbClient client, String table, ThreadLocalRandom random,
			String payload) {
		switch (operation) {
			case PUT: {
				Map<String, AttributeValue> item = new HashMap<>();
				item.put(PK, s("put#" + random.nextInt(this.settings.putKeys)));
				item.put(SK, s("0"));
				item.put("n", n(random.nextInt(1_000_000)));
				item.put("payload", s(payload));
				client.putItem((request) -> request.tableName(table).item(item));
				break;
			}
			case GET: {
				GetItemResponse response = client
					.getItem((request) -> request.tableName(table).key(key("item#" + random.nextInt(this.settings.getKeys))));
				if (!response.hasItem() || response.item().isEmpty()) {
					throw new IllegalStateException("GetItem found no item");
				}
				break;
			}
			case UPDATE: {
				client.updateItem((request) -> request.tableName(table)
					.key(key("item#" + random.nextInt(this.settings.getKeys)))
					.updateExpression("SET #c = #c + :one")
					.conditionExpression("attribute_exists(pk)")
					.expressionAttributeNames(Map.of("#c", "counter"))
					.expressionAttributeValues(Map.of(":one", n(1))));
				break;
			}
			case QUERY: {
				QueryResponse response = client.query((request) -> request.tableName(table)
					.keyConditionExpression("pk = :p")
					.expressionAttributeValues(Map.of(":p", s("q#" + random.nextInt(this.settings.queryPartitions)))));
				if (response.count() != this.settings.queryItems) {
					throw new IllegalStateException("Query returned " + response.count() + " items, expected "
							+ this.settings.queryItems);
				}
				break;
			}
			default:
				throw new IllegalArgumentException(operation.name());
		}
	}

	private synchronized RawRequests rawRequests(BenchTarget target) {
		return this.rawRequests.computeIfAbsent(target, (t) -> new RawRequests(t.tableName(), this.settings.getKeys,
				this.settings.queryPartitions, this.settings.queryItems));
	}

	/**
	 * One call of the raw client: the same request as {@link #call}, pre-encoded; a status other than 200, or an
	 * answer without the item (GetItem) or with another number of items (Query), is an error.
	 */
	private void callRaw(Operation operation, RawConnection connection, RawRequests requests,
			RawRequests.PutBody putBody, ThreadLocalRandom random) throws IOException {
		int status;
		switch (operation) {
			case PUT: {
				byte[] body = putBody.write(random.nextInt(this.settings.putKeys), random.nextInt(1_000_000));
				status = connection.call(RawRequests.PUT_ITEM, body, putBody.length());
				break;
			}
			case GET: {
				byte[] body = requests.get[random.nextInt(requests.get.length)];
				status = connection.call(RawRequests.GET_ITEM, body, body.length);
				if (status == 200 && !connection.bodyContains(RawRequests.ITEM_FIELD)) {
					throw new IllegalStateException("GetItem found no item");
				}
				break;
			}
			case UPDATE: {
				byte[] body = requests.update[random.nextInt(requests.update.length)];
				status = connection.call(RawRequests.UPDATE_ITEM, body, body.length);
				break;
			}
			case QUERY: {
				byte[] body = requests.query[random.nextInt(requests.query.length)];
				status = connection.call(RawRequests.QUERY, body, body.length);
				if (status == 200 && !connection.bodyContains(requests.count)
						&& !connection.bodyContains(requests.countLast)) {
					throw new IllegalStateException("Query did not return " + this.settings.queryItems + " items");
				}
				break;
			}
			default:
				throw new IllegalArgumentException(operation.name());
		}
		if (status != 200) {
			throw new IllegalStateException("HTTP " + status + ": "
					+ new String(connection.body(), 0, Math.min(200, connection.bodyLength()), StandardCharsets.UTF_8));
		}
	}

	// ---- stream read

	/**
	 * Reads the whole stream of the target's table from TRIM_HORIZON, shard by shard, with GetRecords Limit
	 * {@code getRecordsLimit}, on one connection.
	 */
	private StreamResult readStream(BenchTarget target) {
		DynamoDbClient client = target.client(0);
		DynamoDbStreamsClient streams = target.streamsClient();
		LatencyRecorder recorder = new LatencyRecorder();
		long records = 0;
		int shards = 0;
		long deadline = System.nanoTime() + this.settings.getRecordsMaxNanos;
		long start = System.nanoTime();
		try {
			String streamArn = client.describeTable((request) -> request.tableName(target.tableName()))
				.table()
				.latestStreamArn();
			List<Shard> shardList = new ArrayList<>();
			String lastShardId = null;
			do {
				String exclusiveStart = lastShardId;
				DescribeStreamResponse response = streams
					.describeStream((request) -> request.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
				shardList.addAll(response.streamDescription().shards());
				lastShardId = response.streamDescription().lastEvaluatedShardId();
			}
			while (lastShardId != null);
			for (Shard shard : shardList) {
				shards++;
				String iterator = streams.getShardIterator((request) -> request.streamArn(streamArn)
					.shardId(shard.shardId())
					.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
				while (iterator != null && System.nanoTime() < deadline) {
					String current = iterator;
					long t0 = System.nanoTime();
					GetRecordsResponse response = streams
						.getRecords((request) -> request.shardIterator(current).limit(this.settings.getRecordsLimit));
					recorder.record(System.nanoTime() - t0);
					records += response.records().size();
					if (response.records().isEmpty()) {
						// caught up with an open shard (or a closed one is done)
						break;
					}
					iterator = response.nextShardIterator();
				}
			}
		}
		catch (SdkException ex) {
			recorder.error(ex);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] sorted = LatencyRecorder.mergeSorted(List.of(recorder));
		return new StreamResult(target.label(), records, shards, sorted.length, seconds,
				LatencyRecorder.percentileMillis(sorted, 50), LatencyRecorder.percentileMillis(sorted, 99),
				recorder.firstError(), loadAverage());
	}

	// ---- report

	private void printReport(Instant started, String loadAtStart, String loadAtEnd) {
		StringBuilder out = new StringBuilder();
		out.append("Emulator benchmark, started ").append(started).append(", ")
			.append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
			.append(System.getProperty("java.version")).append('\n');
		out.append("load client: ").append(this.settings.client.description).append('\n');
		out.append("load average (1/5/15 min) at start: ").append(loadAtStart).append(", at end: ").append(loadAtEnd)
			.append('\n');
		out.append(String.format(Locale.ROOT,
				"per step and target: %d round(s) of %.0f s warm-up + %.0f s measured, targets alternating; targets:",
				this.settings.rounds, this.settings.warmupNanos / 1e9, this.settings.durationNanos / 1e9));
		for (BenchTarget target : this.targets) {
			out.append(' ').append(target.label()).append(" (").append(target.streams() ? "stream NEW_AND_OLD_IMAGES"
					: "no stream: no DynamoDB Streams API").append(')');
		}
		out.append("\n\n");
		out.append("| Operation | Connections | Target | ops/s (median) | ops/s range | p50 ms | p99 ms"
				+ " | server CPU µs/op | client CPU µs/op | errors | max load 1m |\n");
		out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (StepResult result : this.results) {
			out.append(String.format(Locale.ROOT,
					"| %s | %d | %s | %.0f | %.0f-%.0f | %.2f | %.2f | %.0f | %.0f | %d | %.2f |%n",
					result.operation.label, result.connections, result.target, result.opsPerSecond,
					result.minOpsPerSecond, result.maxOpsPerSecond, result.p50, result.p99, result.serverCpuMicros,
					result.clientCpuMicros, result.errors, result.maxLoad));
		}
		BenchTarget subject = find("emulator", 0);
		BenchTarget baseline = find("dynalite", 1);
		if (subject != null && baseline != null && subject != baseline) {
			out.append('\n');
			out.append("| Operation | Connections | throughput ").append(subject.label()).append('/')
				.append(baseline.label()).append(" | goal >= 2x | server CPU per op ").append(baseline.label())
				.append('/').append(subject.label()).append(" |\n");
			out.append("|---|---:|---:|---|---:|\n");
			for (Operation operation : this.settings.operations) {
				for (int connections : this.settings.connections) {
					StepResult a = result(operation, connections, subject.label());
					StepResult b = result(operation, connections, baseline.label());
					if (a == null || b == null) {
						continue;
					}
					double ratio = (b.opsPerSecond > 0) ? a.opsPerSecond / b.opsPerSecond : Double.NaN;
					String goal = operation.goal ? ((ratio >= 2.0) ? "met" : "NOT met") : "-";
					double cpuRatio = b.serverCpuMicros / a.serverCpuMicros;
					out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %s | %.2f |%n", operation.label,
							connections, ratio, goal, cpuRatio));
				}
			}
		}
		out.append('\n');
		if (!this.streamResults.isEmpty()) {
			out.append("| GetRecords (Limit ").append(this.settings.getRecordsLimit)
				.append(", whole stream from TRIM_HORIZON) | records | shards | calls | seconds | records/s | p50 ms/call | p99 ms/call | load 1m |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			for (StreamResult result : this.streamResults) {
				out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.0f | %.2f | %.2f | %s |%n",
						result.target, result.records, result.shards, result.calls, result.seconds,
						(result.seconds > 0) ? result.records / result.seconds : 0, result.p50, result.p99,
						result.load.split(" ")[0]));
			}
		}
		for (BenchTarget target : this.targets) {
			if (!target.streams()) {
				out.append("GetRecords on ").append(target.label())
					.append(": not measured, it has no DynamoDB Streams API (its table has no stream).\n");
			}
		}
		List<String> notes = new ArrayList<>();
		for (StepResult result : this.results) {
			if (result.firstError != null) {
				notes.add(result.operation.label + " x" + result.connections + " on " + result.target + ": "
						+ result.errors + " errors, first: " + result.firstError);
			}
		}
		for (StreamResult result : this.streamResults) {
			if (result.error != null) {
				notes.add("GetRecords on " + result.target + ": " + result.error);
			}
		}
		if (!notes.isEmpty()) {
			out.append("\nErrors:\n");
			for (String note : notes) {
				out.append("- ").append(note).append('\n');
			}
		}
		System.out.print(out);
		System.out.flush();
	}

	private BenchTarget find(String label, int fallbackIndex) {
		for (BenchTarget target : this.targets) {
			if (target.label().equals(label)) {
				return target;
			}
		}
		return (this.targets.size() > fallbackIndex) ? this.targets.get(fallbackIndex) : null;
	}

	private static double microsPerCall(long cpuNanos, long calls) {
		return (cpuNanos >= 0 && calls > 0) ? cpuNanos / 1000.0 / calls : Double.NaN;
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long left;
		while ((left = nanoTime - System.nanoTime()) > 0) {
			Thread.sleep(Math.max(1, left / 1_000_000), 0);
		}
	}

	private StepResult result(Operation operation, int connections, String target) {
		for (StepResult result : this.results) {
			if (result.operation == operation && result.connections == connections && result.target.equals(target)) {
				return result;
			}
		}
		return null;
	}

	// ---- helpers

	private static Map<String, AttributeValue> key(String pk) {
		Map<String, AttributeValue> key = new HashMap<>();
		key.put(PK, s(pk));
		key.put(SK, s("0"));
		return key;
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	private static String randomPayload() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] chars = new char[PAYLOAD_LENGTH];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = (char) ('a' + random.nextInt(26));
		}
		return new String(chars);
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return String.join(" ", Arrays.copyOf(fields, 3));
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	private static void progress(String message) {
		System.err.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
	}

	/** How the measured calls are made. */
	enum Client {

		RAW("raw (pre-encoded AWS JSON 1.0 requests on persistent HTTP/1.1 sockets, one per connection;"
				+ " -Dbench.client=raw)"),
		SDK("sdk (AWS SDK for Java v2 DynamoDbClient, Apache 5 HTTP client, SigV4 signing, one client per"
				+ " connection; -Dbench.client=sdk)");

		final String description;

		Client(String description) {
			this.description = description;
		}

		static Client parse(String text) {
			for (Client client : values()) {
				if (client.name().equalsIgnoreCase(text.trim())) {
					return client;
				}
			}
			throw new IllegalArgumentException("unknown bench.client " + text + " (raw or sdk)");
		}

	}

	enum Operation {

		PUT("PutItem", true), GET("GetItem", true), UPDATE("UpdateItem (conditional)", false), QUERY("Query", false);

		final String label;

		final boolean goal;

		Operation(String label, boolean goal) {
			this.label = label;
			this.goal = goal;
		}

		static Operation parse(String text) {
			String wanted = text.trim();
			for (Operation operation : values()) {
				if (operation.label.startsWith(wanted) || operation.name().equalsIgnoreCase(wanted)) {
					return operation;
				}
			}
			throw new IllegalArgumentException("unknown operation " + text);
		}

	}

	/** One measured run of one step on one target. */
	private record Measurement(int calls, long[] sorted, long serverCpuNanos, long clientCpuNanos, long errors,
			String firstError, String load) {
	}

	/** One step on one target over all rounds. */
	private record StepResult(Operation operation, int connections, String target, double opsPerSecond,
			double minOpsPerSecond, double maxOpsPerSecond, double p50, double p99, double serverCpuMicros,
			double clientCpuMicros, long errors, String firstError, double maxLoad) {
	}

	private record StreamResult(String target, long records, int shards, int calls, double seconds, double p50,
			double p99, String error, String load) {
	}

	private static final class Settings {

		long warmupNanos;

		long durationNanos;

		long initialWarmupNanos;

		long getRecordsMaxNanos;

		int[] connections;

		List<Operation> operations;

		int getKeys;

		int putKeys;

		int queryPartitions;

		int queryItems;

		int getRecordsLimit;

		int rounds;

		Client client;

		static Settings fromSystemProperties() {
			Settings settings = new Settings();
			settings.warmupNanos = seconds("bench.warmupSeconds", "2");
			settings.durationNanos = seconds("bench.durationSeconds", "5");
			settings.initialWarmupNanos = seconds("bench.initialWarmupSeconds", "3");
			settings.getRecordsMaxNanos = seconds("bench.getRecordsMaxSeconds", "120");
			settings.connections = Arrays.stream(System.getProperty("bench.connections", "1,8,32").split(","))
				.map(String::trim)
				.mapToInt(Integer::parseInt)
				.toArray();
			settings.operations = new ArrayList<>();
			for (String name : System.getProperty("bench.operations", "PutItem,GetItem,UpdateItem,Query").split(",")) {
				settings.operations.add(Operation.parse(name));
			}
			settings.getKeys = Integer.getInteger("bench.getKeys", 5000);
			settings.putKeys = Integer.getInteger("bench.putKeys", 100_000);
			settings.queryPartitions = Integer.getInteger("bench.queryPartitions", 200);
			settings.queryItems = Integer.getInteger("bench.queryItems", 10);
			settings.getRecordsLimit = Integer.getInteger("bench.getRecordsLimit", 1000);
			settings.rounds = Math.max(1, Integer.getInteger("bench.rounds", 3));
			settings.client = Client.parse(System.getProperty("bench.client", "raw"));
			return settings;
		}

		private static long seconds(String property, String defaultValue) {
			return (long) (Double.parseDouble(System.getProperty(property, defaultValue)) * 1e9);
		}

	}

}
