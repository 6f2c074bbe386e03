package dev.todostreams.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.standardwebhooks.Webhook;
import org.jspecify.annotations.Nullable;

/**
 * A webhook receiver on a raw socket that handles its connections the way small or careless receivers do: it
 * answers HTTP/1.0 and closes (Python's {@code http.server}), answers HTTP/1.1 and closes without saying so, closes
 * keep-alive connections that are idle for a while, or closes before or in the middle of an answer. Every request
 * it reads is recorded (and its signature verified) before it answers.
 */
final class ClosingReceiver implements AutoCloseable {

	/** What the receiver does with a request. */
	enum Reply {

		/** HTTP/1.1 200 and keep the connection open (closed only when idle for the idle timeout, if any). */
		KEEP_ALIVE,

		/** HTTP/1.0 200 with a Content-Length, then close: what Python's http.server does. */
		HTTP_1_0,

		/** HTTP/1.1 200 without {@code Connection: close}, then close: the client learns it only on reuse. */
		CLOSE_AFTER_ANSWER,

		/** Close without answering at all. */
		CLOSE_UNANSWERED,

		/** Send the start of a status line, then close. */
		PARTIAL_THEN_CLOSE

	}

	final List<WebhookReceiver.Received> received = new CopyOnWriteArrayList<>();

	/** Connections the receiver has closed. */
	final AtomicInteger closed = new AtomicInteger();

	/** Connections accepted. */
	final AtomicInteger accepted = new AtomicInteger();

	private final ServerSocket server;

	private final IntFunction<Reply> replies;

	private final @Nullable Duration idleTimeout;

	private final ExecutorService connections = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "closing-receiver");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger requests = new AtomicInteger();

	private volatile String secret = "";

	/**
	 * @param replies what to do with the n-th request (from 1)
	 * @param idleTimeout close a kept-alive connection idle this long; null for never
	 */
	private ClosingReceiver(IntFunction<Reply> replies, @Nullable Duration idleTimeout) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.replies = replies;
		this.idleTimeout = idleTimeout;
		this.connections.execute(this::accept);
	}

	static ClosingReceiver start(Reply reply) throws IOException {
		return new ClosingReceiver((n) -> reply, null);
	}

	static ClosingReceiver start(IntFunction<Reply> replies, @Nullable Duration idleTimeout) throws IOException {
		return new ClosingReceiver(replies, idleTimeout);
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getLocalPort() + path;
	}

	int port() {
		return this.server.getLocalPort();
	}

	void secret(String secret) {
		this.secret = secret;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.incrementAndGet();
				this.connections.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setTcpNoDelay(true);
			if (this.idleTimeout != null) {
				socket.setSoTimeout((int) this.idleTimeout.toMillis());
			}
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			while (true) {
				Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
				String requestLine;
				try {
					requestLine = readHead(in, headers);
				}
				catch (SocketTimeoutException ex) {
					return;
				}
				if (requestLine == null) {
					return;
				}
				byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("Content-Length", "0")));
				record(requestLine, headers, new String(body, StandardCharsets.UTF_8));
				Reply reply = this.replies.apply(this.requests.incrementAndGet());
				switch (reply) {
					case KEEP_ALIVE -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
					case HTTP_1_0 -> {
						write(out, "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11\r\nContent-Type: text/plain\r\n"
								+ "Content-Length: 2\r\n\r\nok");
						return;
					}
					case CLOSE_AFTER_ANSWER -> {
						write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
						return;
					}
					case PARTIAL_THEN_CLOSE -> {
						write(out, "HTTP/1.1 ");
						return;
					}
					case CLOSE_UNANSWERED -> {
						return;
					}
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
		finally {
			this.closed.incrementAndGet();
		}
	}

	/** Reads a request head; null at the end of the stream before one starts. */
	private static @Nullable String readHead(InputStream in, Map<String, String> headers) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				return null;
			}
			head.write(b);
			matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
			}
		}
		return lines[0];
	}

	private void record(String requestLine, Map<String, String> headers, String body) {
		String id = headers.get("webhook-id");
		String timestamp = headers.get("webhook-timestamp");
		String signature = headers.get("webhook-signature");
		boolean verified;
		try {
			new Webhook(this.secret).verify(body,
					Map.of("webhook-id", List.of(String.valueOf(id)), "webhook-timestamp",
							List.of(String.valueOf(timestamp)), "webhook-signature", List.of(String.valueOf(signature))));
			verified = true;
		}
		catch (Exception ex) {
			verified = false;
		}
		String path = requestLine.split(" ")[1];
		this.received.add(new WebhookReceiver.Received(path.toLowerCase(Locale.ROOT).startsWith("http")
				? java.net.URI.create(path).getPath() : path, id, timestamp, signature, body, verified,
				System.nanoTime()));
	}

	private static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.connections.shutdownNow();
	}

}
