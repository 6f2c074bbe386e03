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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import dev.todostreams.emulator.AwsException;
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

	/** Request ids need only be unique; a counter avoids SecureRandom on every response. */
	private static final String REQUEST_ID_PREFIX = UUID.randomUUID().toString().substring(0, 24);

	private static final AtomicLong REQUEST_IDS = new AtomicLong();

	private final ServerSocket serverSocket;

	private final ExecutorService connections;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Operations operations;

	private final Thread acceptor;

	private volatile boolean running = true;

	/**
	 * Starts listening. {@code threads} is kept for compatibility and ignored: each connection has its own
	 * thread, as AWS clients keep a small pool of connections open.
	 */
	public EmulatorHttpServer(String host, int port, int threads, Operations operations) throws IOException {
		this.operations = operations;
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
				open.add(socket);
				connections.execute(new HttpConnection(socket, this::exchange, () -> open.remove(socket)));
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

	private HttpConnection.Response exchange(HttpConnection.Request request, JsonOutput out) {
		String method = request.method();
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
				REQUEST_ID_PREFIX + REQUEST_IDS.incrementAndGet(), "x-amz-crc32", Long.toString(crc.getValue()) });
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
		try {
			connections.awaitTermination(5, TimeUnit.SECONDS);
			acceptor.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
