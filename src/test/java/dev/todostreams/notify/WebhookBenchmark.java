package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.todostreams.TodoStreamsApplication;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Webhook benchmark on the embedded default mode (docs/BENCHMARKS.md, "Webhooks"). A command, not a test:
 * {@code bench/webhooks.sh}.
 * <ol>
 * <li>End-to-end latency: PATCH a todo's status at a fixed rate; time from sending the PATCH to the local receiver
 * getting the signed webhook (REST, DynamoDB write, stream, KCL consumer, outbox row, delivery worker, HTTP).</li>
 * <li>Delivery throughput: outbox rows written while the worker is stopped, then sent to a fast local receiver;
 * deliveries per second from the worker's start to the last one received (each recorded in the delivery log).</li>
 * </ol>
 * Arguments: {@code [changesPerSecond] [latencySeconds] [deliveries] [subscriptions] [receivers]}, default 50, 20,
 * 5000, 16, {@code keepalive}. {@code receivers} is a comma-separated list of the receivers the latency is measured
 * against, one after another: {@code keepalive} (the JDK's HTTP server), {@code http10} (answers HTTP/1.0 and closes
 * the connection, as Python's {@code http.server} does), {@code close} (answers HTTP/1.1 and closes without saying
 * so) and {@code idle-close} (keep-alive, but closes a connection idle for 1 s). 0 deliveries skips the throughput.
 */
public final class WebhookBenchmark {

	private WebhookBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rate = (args.length > 0) ? Integer.parseInt(args[0]) : 50;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		int deliveries = (args.length > 2) ? Integer.parseInt(args[2]) : 5000;
		int subscriptionCount = (args.length > 3) ? Integer.parseInt(args[3]) : 16;
		List<String> receivers = List.of(((args.length > 4) ? args[4] : "keepalive").split(","));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TodoStreamsApplication.class)
			.run("--server.port=0", "--logging.level.root=WARN");
				WebhookReceiver receiver = WebhookReceiver.start()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			WebhookApiClient client = new WebhookApiClient(port);
			System.out.printf(Locale.ROOT, "cores=%d, load average before=%.2f%n",
					Runtime.getRuntime().availableProcessors(), loadAverage());
			for (String kind : receivers) {
				try (Sink sink = sink(kind, receiver)) {
					latency(client, sink, rate, seconds);
				}
			}
			if (deliveries > 0) {
				throughput(context, receiver, deliveries, subscriptionCount);
			}
			System.out.printf(Locale.ROOT, "load average after=%.2f%n", loadAverage());
		}
	}

	/** Where the latency webhooks go. */
	private record Sink(String kind, String url, Consumer<String> secret, List<WebhookReceiver.Received> received,
			@Nullable AutoCloseable owned) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			if (this.owned != null) {
				this.owned.close();
			}
		}

	}

	private static Sink sink(String kind, WebhookReceiver keepAlive) throws Exception {
		if (kind.equals("keepalive")) {
			return new Sink(kind, keepAlive.url("/latency"), keepAlive::secret, keepAlive.received, null);
		}
		ClosingReceiver closing = switch (kind) {
			case "http10" -> ClosingReceiver.start(ClosingReceiver.Reply.HTTP_1_0);
			case "close" -> ClosingReceiver.start(ClosingReceiver.Reply.CLOSE_AFTER_ANSWER);
			case "idle-close" -> ClosingReceiver.start((n) -> ClosingReceiver.Reply.KEEP_ALIVE, Duration.ofSeconds(1));
			default -> throw new IllegalArgumentException("unknown receiver " + kind);
		};
		return new Sink(kind, closing.url("/latency"), closing::secret, closing.received, closing);
	}

	private static void latency(WebhookApiClient client, Sink receiver, int rate, int seconds)
			throws Exception {
		List<String> todos = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			todos.add(client.createTodo("In Progress"));
		}
		WebhookApiClient.Response created = client.post("/api/webhooks",
				"{\"url\":\"" + receiver.url() + "\",\"filter\":{\"from\":[\"*\"],\"to\":[\"*\"]}}");
		receiver.secret().accept(created.json().get("secret").stringValue());
		long before = latencyCount(receiver);
		String subscription = created.json().get("id").stringValue();
		Map<String, Long> sentAt = new ConcurrentHashMap<>();
		Map<String, Integer> versions = new ConcurrentHashMap<>();
		todos.forEach((todo) -> versions.put(todo, 1));
		AtomicInteger errors = new AtomicInteger();
		AtomicInteger counter = new AtomicInteger();
		int total = rate * seconds;
		ExecutorService patchers = Executors.newFixedThreadPool(8);
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		ticker.scheduleAtFixedRate(() -> {
			int n = counter.getAndIncrement();
			if (n >= total) {
				return;
			}
			// each todo is changed again only after 100 other changes, so its PATCHes never overlap
			String todo = todos.get(n % todos.size());
			patchers.execute(() -> {
				int version = versions.get(todo) + 1;
				String status = (version % 2 == 0) ? "completed" : "In Progress";
				sentAt.put(todo + ":" + version, System.nanoTime());
				WebhookApiClient.Response patched = client.patch("/api/todos/" + todo,
						"{\"status\":\"" + status + "\"}");
				if (patched.status() != 200) {
					errors.incrementAndGet();
				}
				else {
					versions.put(todo, patched.json().get("version").asInt());
				}
			});
		}, 0, period, TimeUnit.NANOSECONDS);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60);
		while (latencyCount(receiver) - before < total - errors.get() && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(100);
		}
		ticker.shutdownNow();
		patchers.shutdown();
		long[] latencies = receiver.received().stream()
			.filter((r) -> r.path().equals("/latency"))
			.mapToLong((r) -> {
				JsonNode data = WebhookApiClient.JSON.readTree(r.body()).get("data");
				Long sent = sentAt.get(data.get("todoId").stringValue() + ":" + data.get("todo").get("version").asInt());
				return (sent != null) ? r.receivedNanos() - sent : -1;
			})
			.filter((l) -> l >= 0)
			.sorted()
			.toArray();
		long unverified = receiver.received().stream().filter((r) -> !r.verified()).count();
		long duplicates = receiver.received().size() - receiver.received().stream()
			.map(WebhookReceiver.Received::webhookId).distinct().count();
		System.out.println();
		System.out.println("| end-to-end PATCH -> webhook | receiver | changes/s | changes | received | p50 ms | p90 ms | p99 ms | max ms | errors | duplicates |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		System.out.printf(Locale.ROOT, "| status change, 1 subscription | %s | %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %d | %d |%n",
				receiver.kind(), rate, total, latencies.length, ms(latencies, 0.50), ms(latencies, 0.90),
				ms(latencies, 0.99), ms(latencies, 1.0), errors.get() + unverified, duplicates);
		client.delete("/api/webhooks/" + subscription);
	}

	private static long latencyCount(Sink receiver) {
		return receiver.received().stream().filter((r) -> r.path().equals("/latency")).count();
	}

	private static void throughput(ConfigurableApplicationContext context, WebhookReceiver receiver, int count,
			int subscriptionCount) throws Exception {
		DeliveryWorker worker = context.getBean(DeliveryWorker.class);
		DeliveryRepository outbox = context.getBean(DeliveryRepository.class);
		SubscriptionRepository subscriptions = context.getBean(SubscriptionRepository.class);
		WebhookProperties properties = context.getBean(WebhookProperties.class);
		worker.stop();
		WebhookSecret secret = WebhookSecret.generate();
		receiver.secret(secret.value());
		List<Subscription> targets = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < subscriptionCount; i++) {
			targets.add(subscriptions.create(new Subscription("wh_bench_" + i,
					java.net.URI.create(receiver.url("/throughput/" + i)), "bench", WebhookFilter.ALL_STATUS_CHANGES,
					false, null, secret, null, null, null, now, now, 0, "bench")));
		}
		// disabled while the outbox fills, so no status change adds rows; enabled before the worker starts
		ExecutorService writers = Executors.newFixedThreadPool(8);
		for (int i = 0; i < count; i++) {
			Subscription target = targets.get(i % targets.size());
			String eventId = "bench-" + i;
			Delivery row = new Delivery(WebhookIds.of(eventId, target.id()), target.id(), WebhookPayloads.STATUS_CHANGED,
					eventId, "T" + i, "{\"type\":\"todo.status_changed\",\"data\":{\"todoId\":\"T" + i + "\"}}",
					Delivery.State.PENDING, 0, now, now, now, List.of());
			writers.execute(() -> outbox.insert(row));
		}
		writers.shutdown();
		writers.awaitTermination(10, TimeUnit.MINUTES);
		for (Subscription target : targets) {
			subscriptions.update(target.withEnabled(true, null, Instant.now()));
		}
		long before = receiver.received.size();
		long started = System.nanoTime();
		worker.start();
		long deadline = started + TimeUnit.SECONDS.toNanos(120);
		while (receiver.received.size() - before < count && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(20);
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		long received = receiver.received.size() - before;
		System.out.println();
		System.out.println("| delivery throughput | deliveries | subscriptions | max in flight | per endpoint | received | seconds | deliveries/s |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
		System.out.printf(Locale.ROOT, "| outbox -> fast local receiver | %d | %d | %d | %d | %d | %.2f | %.0f |%n", count,
				subscriptionCount, properties.maxConcurrency(), properties.maxConcurrencyPerEndpoint(), received,
				elapsed, received / elapsed);
	}

	private static double ms(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
