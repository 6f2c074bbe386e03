package dev.todostreams.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits over real HTTP. Each test is a different client: its requests come from its own loopback address
 * (127.0.0.x, the socket bound to it), which is the key when there is no principal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.stream.enabled=false", "todo.api.rate-limit.enabled=true",
				"todo.api.rate-limit.writes.capacity=3", "todo.api.rate-limit.writes.refill-per-minute=1",
				"todo.api.rate-limit.webhook-creation.capacity=1",
				"todo.api.rate-limit.webhook-creation.refill-per-minute=1" })
class RateLimitIntegrationTests {

	static final String TODO = "{\"task\":\"rate\",\"status\":\"Not Started\"}";

	@LocalServerPort
	int port;

	@Test
	void theWriteAfterTheBurstGets429WithRetryAfterAndAProblem() throws IOException {
		String client = "127.0.0.2";
		for (int i = 0; i < 3; i++) {
			assertThat(send(client, "POST", "/api/todos", TODO).status()).isEqualTo(201);
		}
		Response refused = send(client, "POST", "/api/todos", TODO);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(Long.parseLong(refused.header("retry-after"))).isBetween(1L, 60L);
		assertThat(refused.header("content-type")).startsWith("application/problem+json");
		assertThat(refused.body()).contains("\"status\":429")
			.contains("\"title\":\"Too Many Requests\"")
			.contains("Too many writes")
			.contains("\"instance\":\"/api/todos\"");
		assertThat(send(client, "PATCH", "/api/todos/T1001", "{\"status\":\"completed\"}").status()).isEqualTo(429);
		assertThat(send(client, "DELETE", "/api/todos/T1001", null).status()).isEqualTo(429);
	}

	@Test
	void readsAreNotLimited() throws IOException {
		String client = "127.0.0.3";
		for (int i = 0; i < 3; i++) {
			send(client, "POST", "/api/todos", TODO);
		}
		assertThat(send(client, "POST", "/api/todos", TODO).status()).isEqualTo(429);
		for (int i = 0; i < 20; i++) {
			assertThat(send(client, "GET", "/api/todos", null).status()).isEqualTo(200);
		}
	}

	@Test
	void eachClientHasItsOwnBucket() throws IOException {
		for (int i = 0; i < 3; i++) {
			send("127.0.0.4", "POST", "/api/todos", TODO);
		}
		assertThat(send("127.0.0.4", "POST", "/api/todos", TODO).status()).isEqualTo(429);
		assertThat(send("127.0.0.5", "POST", "/api/todos", TODO).status()).isEqualTo(201);
	}

	@Test
	void webhookCreationHasAStricterLimit() throws IOException {
		String client = "127.0.0.6";
		String subscription = "{\"url\":\"http://127.0.0.1:9/hook\"}";
		assertThat(send(client, "POST", "/api/webhooks", subscription).status()).isEqualTo(201);
		Response refused = send(client, "POST", "/api/webhooks", subscription);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("retry-after")).isNotBlank();
		assertThat(refused.body()).contains("Too many webhook subscriptions created");
		assertThat(send(client, "POST", "/api/todos", TODO).status()).as("other writes still allowed").isEqualTo(201);
	}

	/** One HTTP/1.0 exchange from the given local address (the answer is read until the server closes). */
	private Response send(String from, String method, String path, String json) throws IOException {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
			socket.setSoTimeout(10_000);
			byte[] body = (json != null) ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
			StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.0\r\n");
			head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
			if (json != null) {
				head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			try (InputStream in = socket.getInputStream()) {
				in.transferTo(received);
			}
			return Response.parse(received.toString(StandardCharsets.UTF_8));
		}
	}

	record Response(int status, Map<String, String> headers, String body) {

		static Response parse(String raw) {
			int end = raw.indexOf("\r\n\r\n");
			String[] lines = raw.substring(0, end).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
			}
			return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
		}

		String header(String name) {
			return this.headers.get(name);
		}

	}

}
