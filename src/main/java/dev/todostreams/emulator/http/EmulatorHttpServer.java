package dev.todostreams.emulator.http;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.json.Json;
import dev.todostreams.emulator.json.JsonOutput;

/**
 * The AWS JSON 1.0 endpoint: {@code POST /} with {@code X-Amz-Target: <service>.<Operation>}. Any SigV4
 * signature is accepted. Errors come back in the AWS shape with HTTP 400 (500 only for emulator bugs).
 * {@code GET /} answers a health line.
 * <p>
 * A small HTTP/1.1 server of our own: one thread per keep-alive connection on a blocking socket, no
 * hand-off between threads per request. The JDK's {@code com.sun.net.httpserver} spent half of the
 * emulator's CPU on header handling and dispatch in the benchmark (docs/BENCHMARKS.md).
 */
public final class EmulatorHttpServer implements AutoCloseable {

	/** Routes one operation of one service to its implementation. */
	@FunctionalInterface
	public interface Operations {

		Map<String, Object> handle(String service, String operation, Map<String, Object> request);
	}

	private static final System.Logger LOG = System.getLogger(EmulatorHttpServer.class.getName());

	private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";

	private static final String JSON_TYPE = "application/x-amz-json-1.0";

	private static final byte[] HEALTH = "healthy: todo-streams DynamoDB emulator\n".getBytes(StandardCharsets.UTF_8);

	/**
	 * DynamoDB's request ids are 52 characters of A-Z and 0-9: a random prefix per server and a counter (no
	 * SecureRandom on every response).
	 */
	private static final String REQUEST_ID_PREFIX = randomRequestIdPrefix();

	private static final AtomicLong REQUEST_IDS = new AtomicLong();

	private static final String COUNTER_PADDING = "0000000000000";

	private static String randomRequestIdPrefix() {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		java.util.Random random = new java.security.SecureRandom();
		StringBuilder sb = new StringBuilder(40);
		for (int i = 0; i < 40; i++) {
			sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return sb.toString();
	}

	static String nextRequestId() {
		String counter = Long.toString(REQUEST_IDS.incrementAndGet(), 36).toUpperCase(java.util.Locale.ROOT);
		return REQUEST_ID_PREFIX + COUNTER_PADDING.substring(0, Math.max(0, 12 - counter.length()))
				+ (counter.length() > 12 ? counter.substring(counter.length() - 12) : counter);
	}

	private final ServerSocket serverSocket;

	private final ExecutorService connections;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Operations operations;

	private final Thread acceptor;

	private volatile boolean running = true;

	private final int maxConnections;

	/** Answers refused connections: few threads, a bounded queue. */
	private final java.util.concurrent.ThreadPoolExecutor refusals = new java.util.concurrent.ThreadPoolExecutor(0, 2, 10,
			TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(256), r -> {
				Thread t = new Thread(r, "dynamodb-emulator-refusal");
				t.setDaemon(true);
				return t;
			});

	private final int idleTimeoutMillis;

	/**
	 * Starts listening. Each connection has its own thread, as AWS clients keep a small pool of connections open;
	 * past {@code maxConnections} open ones a new connection is answered 503 and closed, and a connection idle for
	 * {@code idleTimeout} is closed, so that threads stay bounded.
	 */
	public EmulatorHttpServer(String host, int port, int maxConnections, java.time.Duration idleTimeout,
			Operations operations) throws IOException {
		this.operations = operations;
		this.maxConnections = maxConnections;
		this.idleTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis()));
		this.serverSocket = new ServerSocket(port, 1024, InetAddress.getByName(host));
		AtomicInteger counter = new AtomicInteger();
		this.connections = Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "dynamodb-emulator-http-" + counter.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		this.acceptor = new Thread(this::acceptLoop, "dynamodb-emulator-accept-" + serverSocket.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return serverSocket.getLocalPort();
	}

	private void acceptLoop() {
		while (running) {
			try {
				Socket socket = serverSocket.accept();
				if (open.size() >= maxConnections) {
					refuse(socket);
					continue;
				}
				open.add(socket);
				connections.execute(new HttpConnection(socket, this::exchange, () -> open.remove(socket), idleTimeoutMillis));
			}
			catch (SocketException ex) {
				if (running) {
					LOG.log(Level.WARNING, "accept failed", ex);
				}
			}
			catch (IOException | RuntimeException ex) {
				if (running) {
					LOG.log(Level.WARNING, "accept failed", ex);
				}
			}
		}
	}

	/** Answers a connection over the limit with 503 (the SDKs retry it) and closes it, off the accepting thread. */
	private void refuse(Socket socket) {
		Runnable refusal = () -> {
			try (socket) {
				byte[] body = Json.write(error(new AwsException("ServiceUnavailable", 503, "The emulator serves at most "
						+ maxConnections + " connections at once; close idle ones or raise EmulatorOptions.maxConnections")))
					.getBytes(StandardCharsets.UTF_8);
				String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + JSON_TYPE + "\r\nContent-Length: "
						+ body.length + "\r\nx-amzn-RequestId: " + nextRequestId() + "\r\nConnection: close\r\n\r\n";
				socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
				socket.getOutputStream().write(body);
				socket.getOutputStream().flush();
				HttpConnection.drainAndClose(socket);
			}
			catch (IOException ex) {
				// the client is gone
			}
		};
		try {
			refusals.execute(refusal);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// a flood: past the refusals queued, connections are just closed
			try {
				socket.close();
			}
			catch (IOException ignored) {
				// closing anyway
			}
		}
	}

	private HttpConnection.Response exchange(HttpConnection.Request request, JsonOutput out) {
		String method = request.method();
		if ("OPTIONS".equals(method)) {
			// a browser's CORS preflight: DynamoDB allows any origin
			String requested = request.corsRequestHeaders();
			return new HttpConnection.Response(200, "text/plain; charset=utf-8", new byte[0], new String[] {
					"Access-Control-Allow-Methods", "GET, POST, OPTIONS", "Access-Control-Allow-Headers",
					requested == null || requested.isBlank() ? "Content-Type, X-Amz-Target, X-Amz-Date, Authorization" : requested,
					"Access-Control-Max-Age", "172800", "x-amzn-RequestId", nextRequestId() });
		}
		if ("GET".equals(method) || "HEAD".equals(method)) {
			return new HttpConnection.Response(200, "text/plain; charset=utf-8", "HEAD".equals(method) ? new byte[0] : HEALTH,
					new String[0]);
		}
		int status = 200;
		Map<String, Object> response;
		if (!"POST".equals(method)) {
			status = 405;
			response = error(new AwsException("UnknownOperationException", 405, "Only POST / is supported"));
		}
		else {
			try {
				response = dispatch(request.target(), request.body());
			}
			catch (AwsException ex) {
				status = ex.status();
				response = error(ex);
			}
			catch (StackOverflowError ex) {
				// input limits keep recursion shallow; should one still be too deep, it is the client's request that is
				LOG.log(Level.WARNING, "request too deeply nested for " + request.target());
				status = 400;
				response = error(AwsException.validation("The request is nested too deeply to be processed"));
			}
			catch (RuntimeException ex) {
				LOG.log(Level.ERROR, "emulator bug while handling " + request.target(), ex);
				status = 500;
				response = error(new AwsException("InternalServerError", 500, "Internal server error: " + ex));
			}
		}
		Json.write(response, out);
		CRC32 crc = new CRC32();
		crc.update(out.array(), 0, out.length());
		return new HttpConnection.Response(status, JSON_TYPE, out.array(), out.length(), new String[] { "x-amzn-RequestId",
				nextRequestId(), "x-amz-crc32", Long.toString(crc.getValue()) });
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

	/** DynamoDB names its validation and protocol errors after the framework that raises them (coral), the rest after the service. */
	static String errorType(String type) {
		return switch (type) {
			case "ValidationException" -> "com.amazon.coral.validate#ValidationException";
			case "SerializationException", "UnknownOperationException", "MissingAuthenticationTokenException",
					"IncompleteSignatureException" -> "com.amazon.coral.service#" + type;
			default -> ERROR_PREFIX + type;
		};
	}

	private static Map<String, Object> error(AwsException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("__type", errorType(ex.type()));
		body.put("message", ex.getMessage());
		body.putAll(ex.extra());
		return body;
	}

	@Override
	public void close() {
		running = false;
		try {
			serverSocket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		for (Socket socket : open) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		connections.shutdownNow();
		refusals.shutdownNow();
		try {
			connections.awaitTermination(5, TimeUnit.SECONDS);
			acceptor.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
