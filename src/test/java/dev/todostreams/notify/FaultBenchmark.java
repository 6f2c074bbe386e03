package dev.todostreams.notify;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite (docs/BENCHMARKS.md, "Faults"); a command, not a test: {@code bench/faults.sh [scenario...]}.
 * Every app and emulator runs as its own JVM so that it can be killed with SIGKILL; the driver is the load, the
 * webhook receiver and the judge. A change is a todo version acknowledged by a 200 to its PATCH; it is lost when no
 * webhook for it arrives, duplicated when it arrives under two webhook-ids.
 * <ul>
 * <li>a: one app on the embedded emulator with a data directory, killed -9 mid-burst, restarted, three times</li>
 * <li>b: two apps on one standalone emulator; the one holding the shard is killed -9 mid-burst</li>
 * <li>c: receiver down 60 s while changes go on, then back</li>
 * <li>d: the standalone emulator, with a data directory, killed -9 mid-burst of writes, restarted</li>
 * <li>soak: one app (embedded, in memory), a fixed change rate for a while: webhook lag, heap after full GC</li>
 * </ul>
 * System properties: {@code faults.burst} changes per burst (default 1500), {@code faults.bRate} the load's rate in
 * (b) (default 0: as fast as the clients go), {@code faults.rate} and
 * {@code faults.seconds} for the soak (default 300/s, 120 s), {@code faults.clients} (32), {@code faults.report} (seconds
 * between reports, 30), {@code faults.retention} (stream, delivery, idempotency and change-log retention of the soak's app, 2m;
 * {@code off} keeps the defaults), {@code faults.appArgs} more arguments for the soak's app,
 * {@code faults.bJvmArgs} JVM options for the apps of (b) ({@code {name}} is replaced by the app's name).
 */
public final class FaultBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Path WORK = Path.of("target", "faults");

	static final String[] STATUSES = { "Not Started", "In Progress", "completed" };

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.executor(Executors.newFixedThreadPool(16))
		.build();

	private final List<Process> children = Collections.synchronizedList(new ArrayList<>());

	private final int burst = Integer.getInteger("faults.burst", 1500);

	public static void main(String[] args) throws Exception {
		List<String> scenarios = (args.length > 0) ? List.of(args) : List.of("a", "b", "c", "d");
		FaultBenchmark bench = new FaultBenchmark();
		Runtime.getRuntime().addShutdownHook(new Thread(bench::killAll));
		Files.createDirectories(WORK);
		System.out.printf(Locale.ROOT, "cores=%d load=%.2f burst=%d%n", Runtime.getRuntime().availableProcessors(),
				load(), bench.burst);
		try {
			for (String scenario : scenarios) {
				switch (scenario) {
					case "a" -> bench.killDuringBurst();
					case "b" -> bench.twoInstances();
					case "c" -> bench.receiverOutage();
					case "d" -> bench.emulatorKill();
					case "soak" -> bench.soak();
					default -> throw new IllegalArgumentException("unknown scenario " + scenario);
				}
			}
		}
		finally {
			bench.killAll();
		}
		System.exit(0);
	}

	// ---------------------------------------------------------------- (a)

	void killDuringBurst() throws Exception {
		System.out.println("== (a) kill -9 mid-burst x3, embedded emulator with a data directory");
		Path data = fresh("a-data");
		int port = freePort();
		List<String> args = List.of("--todo.emulator.data-directory=" + data.toAbsolutePath());
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			App app = startApp("a-0", port, args);
			Judge judge = new Judge(receiver);
			judge.subscribe(this, app.base());
			List<String> todos = createTodos(app.base(), 200);
			for (int round = 1; round <= 3; round++) {
				Load load = new Load(this, () -> port, todos, judge, 8, 0);
				load.start();
				load.awaitAcked(judge.acked().size() + this.burst / 2);
				long killedAt = System.nanoTime();
				app.kill();
				load.stop();
				Set<String> ackedBeforeKill = judge.acked();
				long startedAt = System.nanoTime();
				app = startApp("a-" + round, port, args);
				long readyAt = System.nanoTime();
				long complete = judge.awaitAll(ackedBeforeKill, Duration.ofMinutes(3));
				if (complete == 0) {
					diagnose(judge, ackedBeforeKill, app.base());
				}
				int missingAtKill = ackedBeforeKill.size() - judge.changesSeenBefore(ackedBeforeKill, killedAt);
				System.out.printf(Locale.ROOT,
						"round %d: acknowledged so far %d (%d of them without webhook at the kill); restart to ready %.1f s; last of them arrived %s after ready (%.1f s after the kill)%n",
						round, ackedBeforeKill.size(), missingAtKill, secs(readyAt - startedAt),
						(complete > 0) ? String.format(Locale.ROOT, "%.1f s", Math.max(0, secs(complete - readyAt))) : "NOT",
						(complete > 0) ? secs(complete - killedAt) : -1);
			}
			judge.settle();
			judge.report("(a)");
			app.stop();
		}
	}

	// ---------------------------------------------------------------- (b)

	void twoInstances() throws Exception {
		System.out.println("== (b) two app instances on one standalone emulator, the shard holder killed -9 mid-burst");
		Path data = fresh("b-data");
		int emulatorPort = freePort();
		Process emulator = startEmulator("b-emulator", emulatorPort, data);
		// the localstack profile on this machine: the local security mode (no login), as on a developer's machine;
		// instances that share tables share the key of the webhook secrets in them
		// instances started here on a fresh emulator need not wait up to 30 s on an empty lease table for each other
		List<String> args = List.of("--spring.profiles.active=localstack", "--todo.security.mode=local",
				"--todo.stream.timing.skip-empty-lease-table-wait=true",
				"--spring.cloud.aws.endpoint=http://127.0.0.1:" + emulatorPort, "--todo.webhooks.encryption.key="
						+ java.util.Base64.getEncoder().encodeToString(SecretCipher.randomKey()));
		int portA = freePort();
		int portB = freePort();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			App first = startApp("b-first", portA, args);
			App second = startApp("b-second", portB, args);
			Judge judge = new Judge(receiver);
			judge.subscribe(this, first.base());
			List<String> todos = createTodos(first.base(), 200);
			// warm up until one of them holds the shard
			Load warm = new Load(this, () -> portA, todos, judge, 2, 0);
			warm.start();
			warm.awaitAcked(50);
			warm.stop();
			judge.awaitAll(judge.acked(), Duration.ofMinutes(2));
			App holder = shards(first).isEmpty() ? second : first;
			App survivor = (holder == first) ? second : first;
			AtomicInteger target = new AtomicInteger(holder.port());
			// -Dfaults.bRate: changes/s over all clients during the burst (0, the default: as fast as they go)
			Load load = new Load(this, () -> (ThreadLocalCounter.next() % 2 == 0) ? target.get() : survivor.port(),
					todos, judge, 8, Integer.getInteger("faults.bRate", 0));
			load.start();
			load.awaitAcked(judge.acked().size() + this.burst / 2);
			long killedAt = System.nanoTime();
			holder.kill();
			target.set(survivor.port());
			Set<String> ackedBeforeKill = judge.acked();
			long takenAt = 0;
			while (takenAt == 0 && System.nanoTime() - killedAt < TimeUnit.MINUTES.toNanos(3)) {
				if (!shards(survivor).isEmpty()) {
					takenAt = System.nanoTime();
				}
				else {
					Thread.sleep(50);
				}
			}
			int waitingAtKill = ackedBeforeKill.size() - judge.changesSeenBefore(ackedBeforeKill, killedAt);
			int waitingAtTakeover = ackedBeforeKill.size() - judge.changesSeenBefore(ackedBeforeKill, takenAt);
			long complete = judge.awaitAll(ackedBeforeKill, Duration.ofMinutes(10));
			load.awaitAcked(judge.acked().size() + this.burst / 2);
			load.stop();
			System.out.printf(Locale.ROOT,
					"killed the holder (%s); survivor holds the shard after %.1f s; all webhooks of changes acknowledged before the kill %.1f s after it (%.1f s after the take-over); of those %d changes, %d had no webhook at the kill and %d at the take-over (catch-up %.0f changes/s while the load went on)%n",
					holder.name(), secs(takenAt - killedAt), (complete > 0) ? secs(complete - killedAt) : -1,
					(complete > 0) ? secs(complete - takenAt) : -1, ackedBeforeKill.size(), waitingAtKill,
					waitingAtTakeover, waitingAtTakeover / Math.max(0.001, secs(complete - takenAt)));
			judge.settle();
			judge.report("(b)");
			survivor.stop();
		}
		finally {
			emulator.destroyForcibly();
		}
	}

	// ---------------------------------------------------------------- (c)

	void receiverOutage() throws Exception {
		System.out.println("== (c) receiver down 60 s (connection refused) while changes go on at 5/s, then back");
		int port = freePort();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			App app = startApp("c", port, List.of());
			Judge judge = new Judge(receiver);
			judge.subscribe(this, app.base());
			List<String> todos = createTodos(app.base(), 50);
			Load load = new Load(this, () -> port, todos, judge, 1, 5);
			receiver.down();
			long downAt = System.nanoTime();
			load.start();
			Thread.sleep(60_000);
			int receivedBefore = receiver.received.size();
			receiver.up();
			long upAt = System.nanoTime();
			Set<String> ackedWhileDown = judge.acked();
			long firstSuccess = judge.awaitFirstAfter(receivedBefore, Duration.ofMinutes(10));
			long complete = judge.awaitAll(ackedWhileDown, Duration.ofMinutes(10));
			load.stop();
			System.out.printf(Locale.ROOT,
					"down %.0f s, %d changes acknowledged meanwhile; first success %.1f s after the receiver was back; whole backlog %.1f s after the first success (%.1f s after back)%n",
					secs(upAt - downAt), ackedWhileDown.size(), secs(firstSuccess - upAt),
					(complete > 0) ? secs(complete - firstSuccess) : -1, (complete > 0) ? secs(complete - upAt) : -1);
			judge.settle();
			judge.report("(c)");
			app.stop();
		}
	}

	// ---------------------------------------------------------------- (d)

	void emulatorKill() throws Exception {
		System.out.println("== (d) standalone emulator with a data directory killed -9 mid-burst of writes");
		Path data = fresh("d-data");
		int port = freePort();
		Process emulator = startEmulator("d-emulator-0", port, data);
		try (DynamoDbClient dynamo = DynamoDbClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.build()) {
			dynamo.createTable((r) -> r.tableName("Faults")
				.keySchema((k) -> k.attributeName("id").keyType(KeyType.HASH))
				.attributeDefinitions((a) -> a.attributeName("id").attributeType(ScalarAttributeType.S))
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.streamSpecification((s) -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
			Set<String> acked = ConcurrentHashMap.newKeySet();
			AtomicBoolean stop = new AtomicBoolean();
			AtomicInteger sequence = new AtomicInteger();
			ExecutorService writers = Executors.newFixedThreadPool(8);
			for (int w = 0; w < 8; w++) {
				writers.execute(() -> {
					while (!stop.get()) {
						String id = "item-" + sequence.incrementAndGet();
						try {
							dynamo.putItem((r) -> r.tableName("Faults")
								.item(Map.of("id", AttributeValue.fromS(id), "payload",
										AttributeValue.fromS("x".repeat(200)))));
							acked.add(id);
						}
						catch (RuntimeException ex) {
							// not acknowledged
						}
					}
				});
			}
			while (acked.size() < this.burst) {
				Thread.sleep(10);
			}
			emulator.destroyForcibly().waitFor();
			long killedAt = System.nanoTime();
			stop.set(true);
			writers.shutdown();
			writers.awaitTermination(30, TimeUnit.SECONDS);
			Set<String> before = new HashSet<>(acked);
			emulator = startEmulator("d-emulator-1", port, data);
			boolean up = waitFor(() -> get("http://127.0.0.1:" + port + "/") == 200, Duration.ofSeconds(60));
			if (!up || !emulator.isAlive()) {
				System.out.printf(Locale.ROOT, "(d) the emulator did NOT start again after the kill; see %s%n",
						WORK.resolve("d-emulator-1.log"));
				return;
			}
			System.out.printf(Locale.ROOT, "restart after the kill: ready in %.1f s%n", secs(System.nanoTime() - killedAt));
			int lost = 0;
			for (String id : before) {
				Map<String, AttributeValue> item = dynamo
					.getItem((r) -> r.tableName("Faults").key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true))
					.item();
				if (item == null || item.isEmpty()) {
					lost++;
				}
			}
			System.out.printf(Locale.ROOT, "(d) acknowledged writes %d, lost after the restart %d%n", before.size(), lost);
		}
		finally {
			emulator.destroyForcibly();
		}
	}

	// ---------------------------------------------------------------- soak (item 4)

	void soak() throws Exception {
		int rate = Integer.getInteger("faults.rate", 300);
		int seconds = Integer.getInteger("faults.seconds", 120);
		int clients = Integer.getInteger("faults.clients", 32);
		int report = Integer.getInteger("faults.report", 30);
		String retention = System.getProperty("faults.retention", "2m");
		System.out.printf(Locale.ROOT,
				"== soak: %d status changes/s for %d s, %d clients, one subscription, embedded emulator in memory, retention %s%n",
				rate, seconds, clients, retention);
		int port = freePort();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			List<String> args = new ArrayList<>(List.of("-Xmx1g"));
			if (!"off".equals(retention)) {
				// what the in-memory run keeps per change, each bounded by its retention (docs/BENCHMARKS.md, "Soak")
				args.addAll(List.of("--todo.emulator.stream-retention=" + retention,
						"--todo.webhooks.delivery-retention=" + retention,
						"--todo.stream.tables.idempotency-retention=" + retention,
						"--todo.change-log.retention=" + retention));
			}
			String extra = System.getProperty("faults.appArgs", "");
			if (!extra.isBlank()) {
				args.addAll(List.of(extra.trim().split("\\s+")));
			}
			App app = startApp("soak", port, args);
			Judge judge = new Judge(receiver);
			judge.subscribe(this, app.base());
			List<String> todos = createTodos(app.base(), Math.max(1000, clients * 4));
			long heapStart = heapAfterGc(app);
			System.out.printf(Locale.ROOT, "  t=0 s load=%.2f heap after full GC=%d MB%n", load(),
					heapStart / (1024 * 1024));
			Load load = new Load(this, () -> port, todos, judge, clients, rate);
			long startedAt = System.nanoTime();
			load.start();
			long nextReport = startedAt + TimeUnit.SECONDS.toNanos(report);
			int ackedBefore = 0;
			int seenBefore = 0;
			long cpuBefore = cpuMillis(app);
			while (System.nanoTime() - startedAt < TimeUnit.SECONDS.toNanos(seconds)) {
				Thread.sleep(200);
				if (System.nanoTime() >= nextReport) {
					nextReport += TimeUnit.SECONDS.toNanos(report);
					int acked = judge.ackedCount();
					int seen = judge.changesSeen();
					long cpu = cpuMillis(app);
					System.out.printf(Locale.ROOT,
							"  t=%.0f s acked=%d (%.0f/s) webhooks=%d (%.0f/s) app CPU %.1f ms/change; consumer lag=%s ms; changes of the last %d s arrived %s, lag p50=%.0f p99=%.0f max=%.0f ms; load=%.2f heap after full GC=%d MB%n",
							secs(System.nanoTime() - startedAt), acked, (acked - ackedBefore) / (double) report, seen,
							(seen - seenBefore) / (double) report,
							(cpu - cpuBefore) / (double) Math.max(1, acked - ackedBefore), streamLag(app), report, judge.arrivedShare(report),
							judge.lagPercentile(0.5, report), judge.lagPercentile(0.99, report),
							judge.lagPercentile(1.0, report), load(), heapAfterGc(app) / (1024 * 1024));
					seenBefore = seen;
					cpuBefore = cpu;
					ackedBefore = acked;
				}
			}
			load.stop();
			long stoppedAt = System.nanoTime();
			Set<String> acked = judge.acked();
			int seenAtStop = judge.changesSeenOf(acked);
			long complete = judge.awaitAll(acked, Duration.ofMinutes(10));
			long heapEnd = heapAfterGc(app);
			System.out.printf(Locale.ROOT,
					"soak: achieved %.0f changes/s (%d acked, %d PATCH errors), PATCH p50 %.0f ms p99 %.0f ms; webhook lag p50 %.0f ms p99 %.0f ms max %.0f ms; at stop %d of %d had arrived, rest %.1f s later; heap after full GC %d MB -> %d MB (%.1f KB per change); load %.2f%n",
					acked.size() / secs(stoppedAt - startedAt), acked.size(), load.errors(), load.latencyPercentile(0.5),
					load.latencyPercentile(0.99), judge.lagPercentile(0.5, 0), judge.lagPercentile(0.99, 0),
					judge.lagPercentile(1.0, 0), seenAtStop, acked.size(),
					(complete > 0) ? secs(complete - stoppedAt) : -1, heapStart / (1024 * 1024), heapEnd / (1024 * 1024),
					(heapEnd - heapStart) / 1024.0 / Math.max(1, acked.size()), load());
			histogram(app);
			judge.report("soak");
			app.stop();
		}
	}

	// ---------------------------------------------------------------- processes

	record App(String name, int port, Process process) {

		String base() {
			return "http://127.0.0.1:" + this.port;
		}

		void kill() throws InterruptedException {
			this.process.destroyForcibly().waitFor();
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

	App startApp(String name, int port, List<String> args) throws Exception {
		List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-XX:+UseSerialGC"));
		// -Dfaults.bJvmArgs: JVM options for the apps of (b), "{name}" replaced by the app's name, e.g. a JFR
		// recording per app: -XX:StartFlightRecording=filename=target/faults/{name}.jfr,settings=profile (separate options with ";")
		String bJvm = System.getProperty("faults.bJvmArgs", "");
		if (name.startsWith("b-") && !bJvm.isBlank()) {
			command.addAll(List.of(bJvm.replace("{name}", name).trim().split("[\\s;]+")));
		}
		args.stream().filter((a) -> a.startsWith("-X")).forEach(command::add);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.todostreams.TodoStreamsApplication",
				"--server.port=" + port, "--logging.level.root=WARN",
				"--logging.level.dev.todostreams.stream=INFO", "--logging.level.dev.todostreams.notify=INFO"));
		args.stream().filter((a) -> !a.startsWith("-X")).forEach(command::add);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve(name + ".log").toFile()))
			.start();
		this.children.add(process);
		App app = new App(name, port, process);
		// ready: the API answers and the health (stream consumer included) is UP
		if (!waitFor(() -> get(app.base() + "/actuator/health") == 200 || !process.isAlive(), Duration.ofMinutes(3))
				|| !process.isAlive()) {
			throw new IllegalStateException("app " + name + " did not start; see " + WORK.resolve(name + ".log"));
		}
		return app;
	}

	Process startEmulator(String name, int port, Path data) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				"dev.todostreams.emulator.EmulatorMain", "--port", Integer.toString(port), "--data-dir",
				data.toAbsolutePath().toString(),
				// tables ACTIVE at once: KCL sleeps 10 to 20 s once it sees its lease table not ACTIVE, which would
				// only lengthen every app start of the benchmark (the standalone default is 100 ms)
				"--table-status-delay", "0")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve(name + ".log").toFile()))
			.start();
		this.children.add(process);
		waitFor(() -> get("http://127.0.0.1:" + port + "/") == 200 || !process.isAlive(), Duration.ofSeconds(60));
		return process;
	}

	void killAll() {
		for (Process process : List.copyOf(this.children)) {
			process.destroyForcibly();
		}
	}

	/** CPU time the app's process used so far (every thread, GC and JIT included). */
	static long cpuMillis(App app) {
		return app.process().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
	}

	/** The consumer's last lag (now minus the record's creation time) as its health reports it. */
	String streamLag(App app) {
		try {
			HttpResponse<String> health = this.http.send(
					HttpRequest.newBuilder(URI.create(app.base() + "/actuator/health")).timeout(Duration.ofSeconds(5))
						.GET().build(), HttpResponse.BodyHandlers.ofString());
			return JSON.readTree(health.body()).at("/components/stream/details/lastLagMillis").asString();
		}
		catch (Exception ex) {
			return "?";
		}
	}

	static long heapAfterGc(App app) throws Exception {
		jcmd(app, "GC.run");
		return sumHeap(jcmd(app, "GC.heap_info"));
	}

	private static long sumHeap(String info) {
		// serial GC: "def new generation total ..K, used ..K" and "tenured generation total ..K, used ..K"
		Matcher m = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(info);
		long sum = 0;
		while (m.find()) {
			sum += Long.parseLong(m.group(1)) * 1024;
		}
		return sum;
	}

	static void histogram(App app) throws Exception {
		String histogram = jcmd(app, "GC.class_histogram");
		Files.writeString(WORK.resolve(app.name() + "-histogram.txt"), histogram);
		System.out.println("top of the live heap (" + WORK.resolve(app.name() + "-histogram.txt") + "):");
		histogram.lines().skip(1).limit(14).forEach((line) -> System.out.println("  " + line));
	}

	static String jcmd(App app, String command) throws Exception {
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(app.process().pid()), command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor();
		return out;
	}

	// ---------------------------------------------------------------- load and judging

	/** Round-robin helper for choosing an instance per request. */
	static final class ThreadLocalCounter {

		private static final AtomicLong COUNTER = new AtomicLong();

		static long next() {
			return COUNTER.incrementAndGet();
		}

	}

	/** Clients that PATCH the status of their own todos (never two PATCHes of one todo at once). */
	static final class Load {

		private final FaultBenchmark bench;

		private final IntSupplier port;

		private final List<String> todos;

		private final Judge judge;

		private final int clients;

		private final int rate;

		private final AtomicBoolean stop = new AtomicBoolean();

		private final AtomicInteger errors = new AtomicInteger();

		private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		private final List<Thread> threads = new ArrayList<>();

		/** @param rate changes per second over all clients, 0 = as fast as they go */
		Load(FaultBenchmark bench, IntSupplier port, List<String> todos, Judge judge, int clients, int rate) {
			this.bench = bench;
			this.port = port;
			this.todos = todos;
			this.judge = judge;
			this.clients = clients;
			this.rate = rate;
		}

		void start() {
			for (int c = 0; c < this.clients; c++) {
				int client = c;
				Thread thread = new Thread(() -> run(client), "load-" + c);
				thread.setDaemon(true);
				this.threads.add(thread);
				thread.start();
			}
		}

		private void run(int client) {
			List<String> mine = new ArrayList<>();
			for (int i = client; i < this.todos.size(); i += this.clients) {
				mine.add(this.todos.get(i));
			}
			long period = (this.rate > 0) ? TimeUnit.SECONDS.toNanos(1) * this.clients / this.rate : 0;
			long next = System.nanoTime();
			int n = 0;
			while (!this.stop.get()) {
				if (period > 0) {
					long wait = next - System.nanoTime();
					if (wait > 0) {
						try {
							TimeUnit.NANOSECONDS.sleep(wait);
						}
						catch (InterruptedException ex) {
							return;
						}
					}
					next += period;
				}
				String todo = mine.get(n++ % mine.size());
				String base = "http://127.0.0.1:" + this.port.getAsInt() + "/api/todos/" + todo;
				try {
					// a PATCH that sets the status it already has is no status change (no webhook): always move on
					// from the status known for sure, read again after a PATCH whose outcome is unknown
					String current = this.judge.statuses.get(todo);
					if (current == null) {
						HttpResponse<String> read = this.bench.send("GET", base, "");
						if (read.statusCode() != 200) {
							throw new IllegalStateException("GET " + read.statusCode());
						}
						current = JSON.readTree(read.body()).get("status").stringValue();
						this.judge.statuses.put(todo, current);
					}
					String status = STATUSES[(java.util.Arrays.asList(STATUSES).indexOf(current) + 1) % STATUSES.length];
					long sent = System.nanoTime();
					this.judge.statuses.remove(todo);
					HttpResponse<String> response = this.bench.send("PATCH", base, "{\"status\":\"" + status + "\"}");
					if (response.statusCode() == 200) {
						long now = System.nanoTime();
						this.latencies.add(now - sent);
						JsonNode body = JSON.readTree(response.body());
						this.judge.statuses.put(todo, body.get("status").stringValue());
						this.judge.acknowledged(todo + ":" + body.get("version").asLong(), now);
					}
					else {
						this.errors.incrementAndGet();
					}
				}
				catch (Exception ex) {
					this.errors.incrementAndGet();
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException interrupted) {
						return;
					}
				}
			}
		}

		void awaitAcked(int count) throws InterruptedException {
			while (this.judge.acked().size() < count) {
				Thread.sleep(5);
			}
		}

		void stop() throws InterruptedException {
			this.stop.set(true);
			for (Thread thread : this.threads) {
				thread.join(30_000);
			}
		}

		int errors() {
			return this.errors.get();
		}

		double latencyPercentile(double p) {
			return percentile(new ArrayList<>(this.latencies), p) / 1e6;
		}

	}

	/** Matches acknowledged changes (todo:version) with the webhooks the receiver got. */
	static final class Judge {

		private final WebhookReceiver receiver;

		private final Map<String, Long> acked = new ConcurrentHashMap<>();

		/** The status of each todo as last known for sure (absent: unknown, read it before the next PATCH). */
		final Map<String, String> statuses = new ConcurrentHashMap<>();

		private int parsed;

		private final Map<String, Set<String>> idsByChange = new HashMap<>();

		private final Map<String, Long> firstSeen = new HashMap<>();

		private final Map<String, Integer> receipts = new HashMap<>();

		Judge(WebhookReceiver receiver) {
			this.receiver = receiver;
		}

		void subscribe(FaultBenchmark bench, String base) throws Exception {
			HttpResponse<String> created = bench.send("POST", base + "/api/webhooks",
					"{\"url\":\"" + this.receiver.url("/faults") + "\",\"filter\":{\"from\":[\"*\"],\"to\":[\"*\"]}}");
			if (created.statusCode() != 201) {
				throw new IllegalStateException("subscription not created: " + created.body());
			}
			this.receiver.secret(JSON.readTree(created.body()).get("secret").stringValue());
		}

		void acknowledged(String change, long atNanos) {
			this.acked.put(change, atNanos);
		}

		Set<String> acked() {
			return new HashSet<>(this.acked.keySet());
		}

		int ackedCount() {
			return this.acked.size();
		}

		/** Reads what arrived since the last call. */
		synchronized void poll() {
			List<WebhookReceiver.Received> all = this.receiver.received;
			while (this.parsed < all.size()) {
				WebhookReceiver.Received received = all.get(this.parsed++);
				if (received.webhookId() == null) {
					continue;
				}
				JsonNode data = JSON.readTree(received.body()).get("data");
				JsonNode todo = data.get("todo");
				if (todo == null || todo.isNull() || todo.get("version") == null) {
					continue;
				}
				String change = data.get("todoId").stringValue() + ":" + todo.get("version").asLong();
				this.idsByChange.computeIfAbsent(change, (k) -> new HashSet<>()).add(received.webhookId());
				this.firstSeen.putIfAbsent(change, received.receivedNanos());
				this.receipts.merge(received.webhookId(), 1, Integer::sum);
			}
		}

		/** @return when the last of them arrived (nanoTime), or 0 when they did not all arrive in time */
		long awaitAll(Set<String> changes, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				poll();
				synchronized (this) {
					if (this.firstSeen.keySet().containsAll(changes)) {
						return changes.stream().mapToLong(this.firstSeen::get).max().orElse(System.nanoTime());
					}
				}
				Thread.sleep(20);
			}
			return 0;
		}

		long awaitFirstAfter(int index, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				List<WebhookReceiver.Received> all = this.receiver.received;
				if (all.size() > index) {
					return all.get(index).receivedNanos();
				}
				Thread.sleep(10);
			}
			return 0;
		}

		synchronized int changesSeen() {
			poll();
			return this.firstSeen.size();
		}

		synchronized int changesSeenBefore(Set<String> changes, long nanos) {
			poll();
			return (int) changes.stream().filter((c) -> this.firstSeen.containsKey(c) && this.firstSeen.get(c) < nanos)
				.count();
		}

		synchronized int changesSeenOf(Set<String> changes) {
			poll();
			return (int) changes.stream().filter(this.firstSeen::containsKey).count();
		}

		/** How many of the changes acknowledged in the last seconds have arrived, e.g. "1234 of 1500". */
		synchronized String arrivedShare(int lastSeconds) {
			poll();
			long since = System.nanoTime() - TimeUnit.SECONDS.toNanos(lastSeconds);
			long[] counts = new long[2];
			this.acked.forEach((change, at) -> {
				if (at >= since) {
					counts[0]++;
					if (this.firstSeen.containsKey(change)) {
						counts[1]++;
					}
				}
			});
			return counts[1] + " of " + counts[0];
		}

		/** Webhook lag = first arrival minus PATCH acknowledgement; only changes acknowledged in the last seconds. */
		synchronized double lagPercentile(double p, int lastSeconds) {
			poll();
			long since = (lastSeconds > 0) ? System.nanoTime() - TimeUnit.SECONDS.toNanos(lastSeconds) : Long.MIN_VALUE;
			List<Long> lags = new ArrayList<>();
			this.acked.forEach((change, at) -> {
				Long seen = this.firstSeen.get(change);
				if (seen != null && at >= since) {
					lags.add(Math.max(0, seen - at));
				}
			});
			return percentile(lags, p) / 1e6;
		}

		/** Waits until nothing new arrives for 10 s. */
		void settle() throws InterruptedException {
			int last = -1;
			while (this.receiver.received.size() != last) {
				last = this.receiver.received.size();
				Thread.sleep(10_000);
			}
			poll();
		}

		synchronized List<String> missing(Set<String> changes) {
			poll();
			return changes.stream().filter((c) -> !this.firstSeen.containsKey(c)).sorted().toList();
		}

		synchronized long lost() {
			poll();
			return acked().stream().filter((c) -> !this.firstSeen.containsKey(c)).count();
		}

		synchronized long changesWithTwoWebhookIds() {
			poll();
			return this.idsByChange.values().stream().filter((ids) -> ids.size() > 1).count();
		}

		long unverified() {
			return this.receiver.received.stream().filter((r) -> !r.verified()).count();
		}

		synchronized void report(String scenario) {
			poll();
			Set<String> acknowledged = acked();
			long lost = lost();
			long twoIds = changesWithTwoWebhookIds();
			long resent = this.receipts.values().stream().filter((n) -> n > 1).count();
			long unverified = unverified();
			System.out.printf(Locale.ROOT,
					"%s acknowledged changes %d, lost %d, changes with two webhook-ids %d, webhook-ids received more than once %d (at-least-once resends), unverified signatures %d%n",
					scenario, acknowledged.size(), lost, twoIds, resent, unverified);
		}

	}

	// ---------------------------------------------------------------- helpers

	/** Prints a few acknowledged changes without webhook and what the API says about their todo now. */
	void diagnose(Judge judge, Set<String> changes, String base) throws Exception {
		List<String> missing = judge.missing(changes);
		System.out.printf(Locale.ROOT, "  %d acknowledged changes without webhook, e.g.:%n", missing.size());
		for (String change : missing.subList(0, Math.min(5, missing.size()))) {
			String todo = change.substring(0, change.indexOf(':'));
			HttpResponse<String> now = send("GET", base + "/api/todos/" + todo, "");
			System.out.printf(Locale.ROOT, "    %s: todo now %s%n", change, now.body());
		}
	}

	List<String> createTodos(String base, int count) throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> created = send("POST", base + "/api/todos",
					"{\"task\":\"fault " + i + "\",\"dueDate\":\"2030-01-01\",\"status\":\"Not Started\"}");
			if (created.statusCode() != 201) {
				throw new IllegalStateException("todo not created: " + created.body());
			}
			ids.add(JSON.readTree(created.body()).get("todoId").stringValue());
		}
		return ids;
	}

	HttpResponse<String> send(String method, String url, String json) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	int get(String url) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	Set<String> shards(App app) {
		try {
			HttpResponse<String> health = this.http.send(
					HttpRequest.newBuilder(URI.create(app.base() + "/actuator/health")).timeout(Duration.ofSeconds(5))
						.GET().build(), HttpResponse.BodyHandlers.ofString());
			JsonNode shards = JSON.readTree(health.body()).at("/components/stream/details/shards");
			Set<String> out = new HashSet<>();
			shards.forEach((s) -> out.add(s.asString()));
			return out;
		}
		catch (Exception ex) {
			return Set.of();
		}
	}

	static boolean waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(50);
		}
		return false;
	}

	static Path fresh(String name) throws IOException {
		Path dir = WORK.resolve(name);
		if (Files.exists(dir)) {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Collections.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
		return Files.createDirectories(dir);
	}

	static int freePort() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static double percentile(List<Long> values, double p) {
		if (values.isEmpty()) {
			return 0;
		}
		Collections.sort(values);
		int index = (int) Math.min(values.size() - 1, Math.max(0, Math.ceil(p * values.size()) - 1));
		return values.get(index);
	}

	static double secs(long nanos) {
		return nanos / 1e9;
	}

	static double load() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
