package dev.todostreams.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.todostreams.live.SseClient.Event;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * The change log's latency benchmark (issue 14; bench/change-log.sh, docs/BENCHMARKS.md "Change log (issue 14)"):
 * a standalone emulator and two application instances, each in its own JVM; {@code rate} status changes per second
 * for {@code seconds}, sent to the instances in turn; one SSE client per instance. Per instance: from the change's
 * append to the log ({@code AppendedAt}, read from the table afterwards) to its arrival on that instance's feed, p50
 * and p99; and acknowledged changes missing, shown twice, or shown out of commit order for their todo.
 * Options: -Dchangelog.rate=50 -Dchangelog.seconds=60 -Dchangelog.todos=50
 */
public final class ChangeLogBenchmark {

	static final Path WORK = Path.of("target", "change-log-bench");

	private final List<Process> children = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	public static void main(String[] args) throws Exception {
		ChangeLogBenchmark bench = new ChangeLogBenchmark();
		Runtime.getRuntime().addShutdownHook(new Thread(bench::killAll));
		try {
			bench.run(Integer.getInteger("changelog.rate", 50), Integer.getInteger("changelog.seconds", 60),
					Integer.getInteger("changelog.todos", 50));
		}
		finally {
			bench.killAll();
		}
		System.exit(0);
	}

	void run(int rate, int seconds, int todoCount) throws Exception {
		Files.createDirectories(WORK);
		Path data = Files.createTempDirectory("change-log-bench-");
		int emulatorPort = freePort();
		startEmulator(emulatorPort, data);
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		String key = Base64.getEncoder().encodeToString(secret);
		int[] ports = { freePort(), freePort() };
		for (int i = 0; i < ports.length; i++) {
			startApp("app-" + (char) ('a' + i), ports[i], emulatorPort, key);
		}
		List<LiveApi> apis = List.of(new LiveApi(ports[0]), new LiveApi(ports[1]));
		List<String> todos = new ArrayList<>();
		for (int i = 0; i < todoCount; i++) {
			todos.add(apis.get(i % 2).createTodo("Bench " + i, null));
		}
		List<SseClient> feeds = List.of(SseClient.connect(ports[0], null), SseClient.connect(ports[1], null));
		// acknowledged changes: todoId -> versions
		Map<String, Set<Long>> acked = new ConcurrentHashMap<>();
		AtomicInteger errors = new AtomicInteger();
		AtomicInteger sent = new AtomicInteger();
		String[] statuses = { "In Progress", "completed", "Not Started" };
		ScheduledExecutorService load = Executors.newScheduledThreadPool(8);
		long period = 1_000_000_000L / rate;
		int total = rate * seconds;
		long start = System.nanoTime();
		for (int n = 0; n < total; n++) {
			int i = n;
			load.schedule(() -> {
				String id = todos.get(i % todos.size());
				try {
					JsonNode todo = apis.get(i % 2).setStatus(id, statuses[(i / todos.size()) % 3]);
					acked.computeIfAbsent(id, (k) -> ConcurrentHashMap.newKeySet()).add(todo.get("version").asLong());
				}
				catch (RuntimeException | AssertionError ex) {
					errors.incrementAndGet();
				}
				sent.incrementAndGet();
			}, i * period, TimeUnit.NANOSECONDS);
		}
		waitFor(() -> sent.get() == total, Duration.ofSeconds(seconds + 120L));
		double loadSeconds = (System.nanoTime() - start) / 1e9;
		load.shutdown();
		int ackedCount = acked.values().stream().mapToInt(Set::size).sum();
		// every acknowledged change on both feeds, or 60 s
		waitFor(() -> feeds.stream().allMatch((feed) -> missing(feed, acked) == 0), Duration.ofSeconds(60));
		Map<String, Long> appendedAt = appendedAt(emulatorPort);
		String uptime = Files.readString(Path.of("/proc/loadavg")).trim();
		System.out.printf(Locale.ROOT, "change log: %d changes/s for %d s (%.1f s), %d instances, %d todos; acknowledged %d, errors %d; load average %s%n",
				rate, seconds, loadSeconds, ports.length, todoCount, ackedCount, errors.get(), uptime);
		for (int f = 0; f < feeds.size(); f++) {
			SseClient feed = feeds.get(f);
			List<Long> latencies = new ArrayList<>();
			Map<String, Integer> shown = new HashMap<>();
			Map<String, Long> lastVersion = new HashMap<>();
			int outOfOrder = 0;
			int withoutAppend = 0;
			String lastPosition = "";
			int positionInversions = 0;
			for (Event event : feed.events()) {
				if (!event.name().equals(FeedEvent.CHANGE)) {
					continue;
				}
				JsonNode change = event.json();
				String todo = change.get("todoId").stringValue();
				if (!acked.containsKey(todo) || change.get("version") == null) {
					continue;
				}
				long version = change.get("version").asLong();
				if (!acked.get(todo).contains(version)) {
					continue;
				}
				shown.merge(todo + " v" + version, 1, Integer::sum);
				Long previous = lastVersion.put(todo, version);
				if (previous != null && previous > version) {
					outOfOrder++;
				}
				if (event.id().compareTo(lastPosition) < 0) {
					positionInversions++;
				}
				else {
					lastPosition = event.id();
				}
				Long appended = appendedAt.get(event.id());
				if (appended == null) {
					withoutAppend++;
				}
				else {
					latencies.add(event.receivedAt() - appended);
				}
			}
			long duplicates = shown.values().stream().filter((times) -> times > 1).count();
			System.out.printf(Locale.ROOT,
					"instance %c: shown %d, missing %d, duplicates %d, out of order per todo %d, across todos (position) %d; append -> visible p50 %d ms, p99 %d ms, max %d ms (%d without append time)%n",
					'a' + f, shown.size(), missing(feed, acked), duplicates, outOfOrder, positionInversions,
					percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0), withoutAppend);
		}
		for (SseClient feed : feeds) {
			feed.close();
		}
	}

	private static int missing(SseClient feed, Map<String, Set<Long>> acked) {
		Set<String> shown = new HashSet<>();
		for (Event event : feed.events()) {
			if (event.name().equals(FeedEvent.CHANGE)) {
				JsonNode change = event.json();
				if (change.get("version") != null) {
					shown.add(change.get("todoId").stringValue() + " v" + change.get("version").asLong());
				}
			}
		}
		int missing = 0;
		for (Map.Entry<String, Set<Long>> todo : acked.entrySet()) {
			for (long version : todo.getValue()) {
				missing += shown.contains(todo.getKey() + " v" + version) ? 0 : 1;
			}
		}
		return missing;
	}

	/** Position -> AppendedAt (epoch millis) of every entry in the log, read straight from the emulator. */
	private static Map<String, Long> appendedAt(int emulatorPort) {
		Map<String, Long> appended = new HashMap<>();
		try (DynamoDbClient dynamo = DynamoDbClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + emulatorPort))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build()) {
			dynamo.scanPaginator((r) -> r.tableName(ChangeLog.TABLE)).items().forEach((item) -> {
				AttributeValue at = item.get("AppendedAt");
				if (at != null) {
					appended.put(item.get("Position").s(), Long.parseLong(at.n()));
				}
			});
		}
		return appended;
	}

	private void startApp(String name, int port, int emulatorPort, String key) throws Exception {
		Process process = new ProcessBuilder(java(), "-Xmx512m", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), "dev.todostreams.TodoStreamsApplication", "--server.port=" + port,
				"--spring.profiles.active=localstack", "--todo.security.mode=local",
				// instances started here on a fresh emulator need not wait up to 30 s on an empty lease table
				"--todo.stream.timing.skip-empty-lease-table-wait=true",
				"--spring.cloud.aws.endpoint=http://127.0.0.1:" + emulatorPort, "--todo.webhooks.encryption.key=" + key,
				"--todo.stream.worker-id=" + name, "--logging.level.root=WARN")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve(name + ".log").toFile()))
			.start();
		this.children.add(process);
		if (!waitFor(() -> status("http://127.0.0.1:" + port + "/actuator/health/readiness") == 200
				|| !process.isAlive(), Duration.ofMinutes(3)) || !process.isAlive()) {
			throw new IllegalStateException("app " + name + " did not start; see " + WORK.resolve(name + ".log"));
		}
	}

	private void startEmulator(int port, Path data) throws Exception {
		Process process = new ProcessBuilder(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				"dev.todostreams.emulator.EmulatorMain", "--port", Integer.toString(port), "--data-dir",
				data.toAbsolutePath().toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve("emulator.log").toFile()))
			.start();
		this.children.add(process);
		waitFor(() -> status("http://127.0.0.1:" + port + "/") == 200 || !process.isAlive(), Duration.ofSeconds(60));
	}

	private int status(String url) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	void killAll() {
		for (Process process : List.copyOf(this.children)) {
			process.destroyForcibly();
		}
	}

	private static boolean waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long until = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < until) {
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(100);
		}
		return condition.getAsBoolean();
	}

	private static int freePort() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static long percentile(List<Long> values, double p) {
		if (values.isEmpty()) {
			return -1;
		}
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1));
		return sorted.get(index);
	}

}
