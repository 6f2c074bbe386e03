package dev.todostreams.emulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.todostreams.emulator.AwsException;
import dev.todostreams.emulator.json.Json;

/**
 * The AWS JSON 1.0 endpoint: {@code POST /} with {@code X-Amz-Target: <service>.<Operation>}. Any SigV4
 * signature is accepted. Errors come back in the AWS shape with HTTP 400 (500 only for emulator bugs).
 * {@code GET /} answers a health line.
 */
public final class EmulatorHttpServer implements AutoCloseable {

	/** Routes one operation of one service to its implementation. */
	@FunctionalInterface
	public interface Operations {

		Map<String, Object> handle(String service, String operation, Map<String, Object> request);
	}

	private static final System.Logger LOG = System.getLogger(EmulatorHttpServer.class.getName());

	private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";

	private static final byte[] HEALTH = "healthy: todo-streams DynamoDB emulator\n".getBytes(StandardCharsets.UTF_8);

	/** Request ids need only be unique; a counter avoids SecureRandom on every response. */
	private static final String REQUEST_ID_PREFIX = UUID.randomUUID().toString().substring(0, 24);

	private static final java.util.concurrent.atomic.AtomicLong REQUEST_IDS = new java.util.concurrent.atomic.AtomicLong();

	static {
		// The JDK server leaves Nagle's algorithm on unless told otherwise, which delays small responses by ~40 ms.
		// The property is read once, when the server classes load, so it is set before the first server starts.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final Operations operations;

	public EmulatorHttpServer(String host, int port, int threads, Operations operations) throws IOException {
		this.operations = operations;
		this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
		AtomicInteger counter = new AtomicInteger();
		ThreadFactory factory = r -> {
			Thread t = new Thread(r, "dynamodb-emulator-http-" + counter.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
		this.executor = Executors.newFixedThreadPool(threads, factory);
		server.setExecutor(executor);
		server.createContext("/", this::exchange);
		server.start();
	}

	public int port() {
		return server.getAddress().getPort();
	}

	private void exchange(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			if ("GET".equals(method) || "HEAD".equals(method)) {
				exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
				exchange.sendResponseHeaders(200, "HEAD".equals(method) ? -1 : HEALTH.length);
				if (!"HEAD".equals(method)) {
					exchange.getResponseBody().write(HEALTH);
				}
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			int status = 200;
			Map<String, Object> response;
			if (!"POST".equals(method)) {
				status = 405;
				response = error(new AwsException("UnknownOperationException", 405, "Only POST / is supported"));
			}
			else {
				try {
					response = dispatch(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
				}
				catch (AwsException ex) {
					status = ex.status();
					response = error(ex);
				}
				catch (RuntimeException | StackOverflowError ex) {
					LOG.log(Level.ERROR, "emulator bug while handling " + exchange.getRequestHeaders().getFirst("X-Amz-Target"),
							ex);
					status = 500;
					response = error(new AwsException("InternalServerError", 500, "Internal server error: " + ex));
				}
			}
			send(exchange, status, response);
		}
	}

	private Map<String, Object> dispatch(String target, byte[] body) {
		if (target == null || target.indexOf('.') < 0) {
			throw new AwsException("UnknownOperationException", "Missing or malformed X-Amz-Target header");
		}
		int dot = target.indexOf('.');
		String service = target.substring(0, dot);
		String operation = target.substring(dot + 1);
		if (!service.equals("DynamoDB_20120810") && !service.equals("DynamoDBStreams_20120810")) {
			throw new AwsException("UnknownOperationException", "Unknown service: " + service);
		}
		Object parsed;
		try {
			parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
		}
		catch (Json.JsonException ex) {
			throw AwsException.serialization("Start of structure or map found where not expected, or malformed JSON: "
					+ ex.getMessage());
		}
		if (!(parsed instanceof Map<?, ?>)) {
			throw AwsException.serialization("The request body must be a JSON object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> request = (Map<String, Object>) parsed;
		try {
			return operations.handle(service, operation, request);
		}
		catch (ClassCastException ex) {
			throw AwsException.serialization("Unexpected value type in request: " + ex.getMessage());
		}
	}

	private static Map<String, Object> error(AwsException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("__type", ERROR_PREFIX + ex.type());
		body.put("message", ex.getMessage());
		body.putAll(ex.extra());
		return body;
	}

	private static void send(HttpExchange exchange, int status, Map<String, Object> response) throws IOException {
		byte[] bytes = Json.write(response).getBytes(StandardCharsets.UTF_8);
		CRC32 crc = new CRC32();
		crc.update(bytes);
		var headers = exchange.getResponseHeaders();
		headers.set("Content-Type", "application/x-amz-json-1.0");
		headers.set("x-amzn-RequestId", REQUEST_ID_PREFIX + REQUEST_IDS.incrementAndGet());
		headers.set("x-amz-crc32", Long.toString(crc.getValue()));
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
