package dev.todostreams.todo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import dev.todostreams.TodoStreamsApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Throughput and latency of the REST API on the embedded default mode, next to a trivial endpoint of the same app
 * in the same run. A command, not a test: {@code bench/rest-api.sh} (see docs/BENCHMARKS.md).
 *
 * <p>Arguments: {@code [measureSeconds] [warmupSeconds] [endpointFilter] [initialWarmupSeconds]}, default 5, 5, all
 * endpoints (a filter such as {@code GET} runs only endpoints whose name contains it) and 15. Before the first row
 * every selected endpoint runs unmeasured for {@code initialWarmupSeconds} with 8 clients, so that the JIT has
 * compiled every request path before anything is measured.
 */
public final class RestApiBenchmark {

	private static final int[] CONCURRENCY = { 1, 8, 32 };

	private RestApiBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Duration measure = Duration.ofSeconds((args.length > 0) ? Integer.parseInt(args[0]) : 5);
		Duration warmup = Duration.ofSeconds((args.length > 1) ? Integer.parseInt(args[1]) : 5);
		String filter = (args.length > 2) ? args[2] : "";
		Duration initialWarmup = Duration.ofSeconds((args.length > 3) ? Integer.parseInt(args[3]) : 15);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TodoStreamsApplication.class)
			.run("--server.port=0", "--logging.level.root=WARN", "--todo.tables.prefix=bench-")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			List<Endpoint> endpoints = endpoints(port).stream()
				.filter((endpoint) -> endpoint.name().contains(filter))
				.toList();
			// One row's warm-up is far too short for the JIT to compile a whole request path on two busy cores:
			// without this the first rows measure the compiler rather than the app.
			for (Endpoint endpoint : endpoints) {
				run(endpoint, 8, port, initialWarmup, Duration.ZERO);
			}
			System.out.printf(Locale.ROOT,
					"cores=%d, load average before=%.2f, measure=%ss and warm-up=%ss per row, after %ss per endpoint%n",
					Runtime.getRuntime().availableProcessors(), loadAverage(), measure.toSeconds(),
					warmup.toSeconds(), initialWarmup.toSeconds());
			System.out.println("| endpoint | clients | requests/s | p50 ms | p99 ms | errors | CPU µs/request "
					+ "| of which: app threads / emulator / load clients / rest |");
			System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
			for (int clients : CONCURRENCY) {
				for (Endpoint endpoint : endpoints) {
					Result result = run(endpoint, clients, port, warmup, measure);
					System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d | %.0f | %s |%n",
							endpoint.name(), clients, result.requestsPerSecond(), result.p50(), result.p99(),
							result.errors(), result.cpuMicrosPerRequest(), result.cpuSplit());
				}
			}
			System.out.printf(Locale.ROOT, "load average after=%.2f%n", loadAverage());
		}
		// KCL leaves two idle non-daemon executor threads behind after its scheduler has shut down; they would keep
		// this command's JVM alive after the report
		System.exit(0);
	}

	private static List<Endpoint> endpoints(int port) {
		ApiClient setup = new ApiClient(port);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			ids.add(setup.post("/api/todos", "{\"task\":\"bench " + i + "\",\"dueDate\":\"2024-03-25\","
					+ "\"status\":\"In Progress\"}").json().get("todoId").stringValue());
		}
		return List.of(new Endpoint("GET /api/ping (trivial)", (n) -> (client) -> client.get("/api/ping"), 200),
				new Endpoint("GET /api/todos/{id}", (n) -> (client) -> client
					.get("/api/todos/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))), 200),
				new Endpoint("POST /api/todos", (n) -> (client) -> client.post("/api/todos",
						"{\"task\":\"bench post\",\"dueDate\":\"2024-03-25\",\"status\":\"In Progress\"}"), 201),
				new Endpoint("PATCH /api/todos/{id} status", (n) -> {
					String id = ids.get(n % ids.size());
					AtomicInteger flip = new AtomicInteger();
					return (client) -> client.patch("/api/todos/" + id, (flip.getAndIncrement() % 2 == 0)
							? "{\"status\":\"completed\"}" : "{\"status\":\"In Progress\"}", null);
				}, 200));
	}

	interface Call {

		ApiClient.Response send(ApiClient client);

	}

	/** An endpoint under load: a call per client (given the client's number) and the status that counts as success. */
	record Endpoint(String name, IntFunction<Call> calls, int expectedStatus) {
	}

	/**
	 * One row. The CPU figure is this whole process's CPU time in the measured window divided by the requests: the
	 * app, the embedded emulator, the background stream consumer and the benchmark's own clients together.
	 */
	record Result(double requestsPerSecond, double p50, double p99, int errors, double cpuMicrosPerRequest,
			String cpuSplit) {
	}

	/**
	 * CPU time of this JVM's threads by role: the app's request threads (Tomcat, including the AWS SDK calls they
	 * make), the embedded emulator's connection threads, the benchmark's load clients (its threads and the JDK HTTP
	 * client's). "rest" is whatever else the process spent (stream consumer, GC, JIT, ...).
	 */
	private static final class ThreadCpu {

		private static final String[] ROLES = { "app", "emulator", "clients" };

		private final Map<Long, long[]> start = new HashMap<>();

		private long processStart;

		void begin() {
			this.processStart = processCpuNanos();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
				if (info != null) {
					this.start.put(info.getThreadId(), new long[] { threads.getThreadCpuTime(info.getThreadId()) });
				}
			}
		}

		String split(int requests) {
			long process = processCpuNanos() - this.processStart;
			long[] byRole = new long[ROLES.length];
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
				int role = (info != null) ? role(info.getThreadName()) : -1;
				if (role >= 0) {
					long now = threads.getThreadCpuTime(info.getThreadId());
					long[] before = this.start.get(info.getThreadId());
					byRole[role] += Math.max(0, now - ((before != null) ? before[0] : 0));
				}
			}
			long rest = process - Arrays.stream(byRole).sum();
			if (requests == 0) {
				return "";
			}
			return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", byRole[0] / 1000.0 / requests,
					byRole[1] / 1000.0 / requests, byRole[2] / 1000.0 / requests, rest / 1000.0 / requests);
		}

		private static int role(String name) {
			if (name.startsWith("http-nio-") && name.contains("-exec-")) {
				return 0;
			}
			if (name.startsWith("dynamodb-emulator")) {
				return 1;
			}
			if (name.startsWith("bench-client-") || name.startsWith("HttpClient-")) {
				return 2;
			}
			return -1;
		}

	}

	private static Result run(Endpoint endpoint, int clients, int port, Duration warmup, Duration measure)
			throws InterruptedException {
		long[][] latencies = new long[clients][];
		int[] counts = new int[clients];
		int[] errors = new int[clients];
		long warmupEnd = System.nanoTime() + warmup.toNanos();
		long end = warmupEnd + measure.toNanos();
		// the first client to start a measured call records the CPU times: the start of the window
		AtomicBoolean started = new AtomicBoolean();
		ThreadCpu cpu = new ThreadCpu();
		CountDownLatch done = new CountDownLatch(clients);
		for (int t = 0; t < clients; t++) {
			int index = t;
			Call call = endpoint.calls().apply(t);
			Thread worker = new Thread(() -> {
				ApiClient client = new ApiClient(port);
				long[] samples = new long[1 << 16];
				int count = 0;
				try {
					while (true) {
						long start = System.nanoTime();
						if (start >= end) {
							break;
						}
						if (start >= warmupEnd && !started.get() && started.compareAndSet(false, true)) {
							cpu.begin();
						}
						ApiClient.Response response = call.send(client);
						long took = System.nanoTime() - start;
						if (start >= warmupEnd) {
							if (response.status() != endpoint.expectedStatus()) {
								errors[index]++;
							}
							if (count == samples.length) {
								samples = Arrays.copyOf(samples, samples.length * 2);
							}
							samples[count++] = took;
						}
					}
				}
				finally {
					latencies[index] = samples;
					counts[index] = count;
					done.countDown();
				}
			}, "bench-client-" + t);
			worker.setDaemon(true);
			worker.start();
		}
		done.await();
		int total = Arrays.stream(counts).sum();
		String split = started.get() ? cpu.split(total) : "";
		long processCpu = started.get() ? processCpuNanos() - cpu.processStart : 0;
		long[] all = new long[total];
		int offset = 0;
		for (int t = 0; t < clients; t++) {
			System.arraycopy(latencies[t], 0, all, offset, counts[t]);
			offset += counts[t];
		}
		Arrays.sort(all);
		double seconds = measure.toNanos() / 1e9;
		return new Result((seconds > 0) ? total / seconds : 0, percentile(all, 0.50), percentile(all, 0.99),
				Arrays.stream(errors).sum(), (total > 0) ? processCpu / 1000.0 / total : Double.NaN, split);
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1_000_000.0;
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
