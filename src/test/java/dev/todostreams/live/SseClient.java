package dev.todostreams.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A server-sent events client over a real socket: parses the stream on its own thread; close() hangs up. */
final class SseClient implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final Socket socket;

	private final InputStream body;

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private SseClient(Socket socket) throws IOException {
		this.socket = socket;
		this.body = socket.getInputStream();
		this.reader = new Thread(this::read, "sse-test-client");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Connects with a plain socket speaking HTTP/1.0, so the body is the raw event stream (no chunked framing) and
	 * {@link #close()} really hangs up, as a closed browser tab does.
	 */
	static SseClient connect(int port, @Nullable String lastEventId) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		StringBuilder request = new StringBuilder("GET /api/changes HTTP/1.0\r\nHost: 127.0.0.1:" + port
				+ "\r\nAccept: text/event-stream\r\n");
		if (lastEventId != null) {
			request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
		}
		request.append("\r\n");
		OutputStream out = socket.getOutputStream();
		out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		String status = headerLine(in);
		assertThat(status).startsWith("HTTP/1.").contains(" 200");
		boolean eventStream = false;
		for (String header = headerLine(in); !header.isEmpty(); header = headerLine(in)) {
			eventStream |= header.toLowerCase(Locale.ROOT).startsWith("content-type: text/event-stream");
		}
		assertThat(eventStream).as("Content-Type text/event-stream").isTrue();
		return new SseClient(socket);
	}

	private static String headerLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	List<Event> events() {
		return List.copyOf(this.events);
	}

	/** The change events (with their later delivery updates left out) about one todo, in order. */
	List<Event> changesOf(String todoId) {
		return this.events.stream()
			.filter((event) -> event.name().equals(FeedEvent.CHANGE) && todoId.equals(event.json().get("todoId").stringValue()))
			.toList();
	}

	boolean connected() {
		return this.reader.isAlive();
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8))) {
			String id = null;
			String name = "message";
			StringBuilder data = null;
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isEmpty()) {
					if (data != null) {
						this.events.add(new Event(id, name, data.toString(), System.currentTimeMillis()));
					}
					name = "message";
					data = null;
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).trim();
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					data = (data == null) ? new StringBuilder() : data.append('\n');
					data.append(line.substring(5));
				}
			}
		}
		catch (IOException ex) {
			// hung up
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** One event; {@code receivedAt} is this machine's clock (epoch millis) when its last line arrived. */
	record Event(@Nullable String id, String name, String data, long receivedAt) {

		JsonNode json() {
			return JSON.readTree(this.data);
		}

	}

}
