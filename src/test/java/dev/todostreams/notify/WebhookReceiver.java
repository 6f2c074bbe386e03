package dev.todostreams.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real webhook receiver on a local port (the JDK's HTTP server). It verifies every request with the independent
 * Standard Webhooks library, records it, and answers what the test tells it to. It can go down (the port refuses
 * connections) and come back on the same port.
 */
final class WebhookReceiver implements AutoCloseable {

	static {
		// answer without Nagle's delay: otherwise the JDK server's small second write (the body after the head)
		// waits for the sender's delayed ACK, and every exchange takes ~40 ms (docs/BENCHMARKS.md, "Soak")
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	/** Append-only: a copy-on-write list made each receipt cost O(receipts so far), minutes in a long soak. */
	final List<Received> received = new AppendOnlyList<>();

	private volatile Function<Received, Answer> answer = (request) -> new Answer(200, Map.of());

	private volatile String secret = "";

	private final int port;

	private volatile HttpServer server;

	private WebhookReceiver(int port) {
		this.port = port;
		this.server = start(port);
	}

	static WebhookReceiver start() throws IOException {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		return new WebhookReceiver(port);
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	void secret(String secret) {
		this.secret = secret;
	}

	void answer(Function<Received, Answer> answer) {
		this.answer = answer;
	}

	/** Stops listening: deliveries get "connection refused". */
	void down() {
		this.server.stop(0);
	}

	void up() {
		this.server = start(this.port);
	}

	List<Received> verified() {
		return this.received.stream().filter(Received::verified).toList();
	}

	/** Binds the port, waiting while the last server's socket is still being closed. */
	private HttpServer start(int port) {
		AtomicReference<HttpServer> bound = new AtomicReference<>();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptionsInstanceOf(BindException.class)
			.until(() -> {
				bound.set(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));
				return true;
			});
		HttpServer created = bound.get();
		created.setExecutor(Executors.newFixedThreadPool(8));
		created.createContext("/", this::handle);
		created.start();
		return created;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String id = exchange.getRequestHeaders().getFirst("webhook-id");
		String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
		String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
		boolean verified;
		try {
			new Webhook(this.secret).verify(body, Map.of("webhook-id", List.of(String.valueOf(id)),
					"webhook-timestamp", List.of(String.valueOf(timestamp)), "webhook-signature",
					List.of(String.valueOf(signature))));
			verified = true;
		}
		catch (Exception ex) {
			verified = false;
		}
		Received request = new Received(exchange.getRequestURI().getPath(), id, timestamp, signature, body, verified,
				System.nanoTime());
		this.received.add(request);
		Answer reply = this.answer.apply(request);
		reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(reply.status(), out.length);
		try (OutputStream stream = exchange.getResponseBody()) {
			stream.write(out);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** A list that only grows; reads and iteration are safe while it grows. */
	static final class AppendOnlyList<E> extends java.util.AbstractList<E> implements java.util.RandomAccess {

		private final List<E> items = new java.util.ArrayList<>();

		@Override
		public synchronized boolean add(E element) {
			return this.items.add(element);
		}

		@Override
		public synchronized E get(int index) {
			return this.items.get(index);
		}

		@Override
		public synchronized int size() {
			return this.items.size();
		}

	}

	record Received(String path, String webhookId, String timestamp, String signature, String body,
			boolean verified, long receivedNanos) {
	}

	record Answer(int status, Map<String, String> headers) {
	}

}
