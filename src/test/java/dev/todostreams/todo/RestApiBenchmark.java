package dev.todostreams.todo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.todostreams.TodoStreamsApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Throughput and latency of the REST API on the embedded default mode, next to a trivial endpoint of the same app
 * in the same run. A command, not a test: {@code bench/rest-api.sh} (see docs/BENCHMARKS.md).
 *
 * <p>Arguments: {@code [measureSeconds] [warmupSeconds]}, default 5 and 2.
 */
public final class RestApiBenchmark {

	private static final int[] CONCURRENCY = { 1, 8, 32 };

	private RestApiBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Duration measure = Duration.ofSeconds((args.length > 0) ? Integer.parseInt(args[0]) : 5);
		Duration warmup = Duration.ofSeconds((args.length > 1) ? Integer.parseInt(args[1]) : 2);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TodoStreamsApplication.class)
			.run("--server.port=0", "--logging.level.root=WARN", "--todo.tables.prefix=bench-")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			ApiClient setup = new ApiClient(port);
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				ids.add(setup.post("/api/todos", "{\"task\":\"bench " + i + "\",\"dueDate\":\"2024-03-25\","
						+ "\"status\":\"In Progress\"}").json().get("todoId").stringValue());
			}
			System.out.printf(Locale.ROOT, "cores=%d, load average before=%.2f, measure=%ss, warmup=%ss%n",
					Runtime.getRuntime().availableProcessors(), loadAverage(), measure.toSeconds(),
					warmup.toSeconds());
			System.out.println("| endpoint | clients | requests/s | p50 ms | p99 ms | errors |");
			System.out.println("|---|---:|---:|---:|---:|---:|");
			for (int clients : CONCURRENCY) {
				run("GET /api/ping (trivial)", clients, port, warmup, measure, (n) -> (client) -> client.get("/api/ping"),
						200);
				run("GET /api/todos/{id}", clients, port, warmup, measure, (n) -> (client) -> client
					.get("/api/todos/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))), 200);
				run("POST /api/todos", clients, port, warmup, measure, (n) -> (client) -> client.post("/api/todos",
						"{\"task\":\"bench post\",\"dueDate\":\"2024-03-25\",\"status\":\"In Progress\"}"), 201);
				run("PATCH /api/todos/{id} status", clients, port, warmup, measure, (n) -> {
					String id = ids.get(n % ids.size());
					AtomicInteger flip = new AtomicInteger();
					return (client) -> client.patch("/api/todos/" + id, (flip.getAndIncrement() % 2 == 0)
							? "{\"status\":\"completed\"}" : "{\"status\":\"In Progress\"}", null);
				}, 200);
			}
			System.out.printf(Locale.ROOT, "load average after=%.2f%n", loadAverage());
		}
	}

	interface Call {

		ApiClient.Response send(ApiClient client);

	}

	private static void run(String name, int clients, int port, Duration warmup, Duration measure,
			IntFunction<Call> calls, int expectedStatus) throws InterruptedException {
		long[][] latencies = new long[clients][];
		int[] counts = new int[clients];
		int[] errors = new int[clients];
		long warmupEnd = System.nanoTime() + warmup.toNanos();
		long end = warmupEnd + measure.toNanos();
		CountDownLatch done = new CountDownLatch(clients);
		for (int t = 0; t < clients; t++) {
			int index = t;
			Call call = calls.apply(t);
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
						ApiClient.Response response = call.send(client);
						long took = System.nanoTime() - start;
						if (start >= warmupEnd) {
							if (response.status() != expectedStatus) {
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
		long[] all = new long[total];
		int offset = 0;
		for (int t = 0; t < clients; t++) {
			System.arraycopy(latencies[t], 0, all, offset, counts[t]);
			offset += counts[t];
		}
		Arrays.sort(all);
		System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d |%n", name, clients,
				total / (double) measure.toSeconds(), percentile(all, 0.50), percentile(all, 0.99),
				Arrays.stream(errors).sum());
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1_000_000.0;
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
