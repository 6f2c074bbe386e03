package dev.todostreams.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.todostreams.testsupport.SharedContexts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded fuzz of the REST API over raw HTTP/1.1 (so any method, path, header and body can be sent): malformed
 * JSON, wrong types, odd content types, huge bodies, odd methods and path tricks. No client mistake may answer a
 * 5xx; the only 5xx allowed are the protocol refusals 501 (e.g. CONNECT) and 505. The seed is fixed so a failure
 * replays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { SharedContexts.NO_STREAM_TABLES, SharedContexts.NO_STREAM })
class RestApiFuzzIntegrationTests {

	static final int REQUESTS = 1500;

	static final List<String> PATHS = List.of("/api/todos", "/api/todos/T1001", "/api/todos/%00", "/api/todos/..%2f..",
			"/api/todos/T1001/../../api/webhooks", "/api/todos//T1", "/api/todos/;jsessionid=x", "/api/webhooks",
			"/api/webhooks/wh_x", "/api/webhooks/%ZZ", "/api/webhooks/a/deliveries?limit=-1&since=yesterday",
			"/api/webhooks/a/deliveries?limit=abc&state=%FF", "/api/webhooks/a/deliveries/b",
			"/api/webhooks/a/deliveries/b/redeliver", "/api/webhooks/a/redeliver-failed?since=x",
			"/api/webhooks/a/rotate-secret", "/api/stream/dead-letters", "/api/stream/dead-letters/a:b",
			"/api/stream/dead-letters/a/replay", "/api/todos?limit=999999999999&cursor=%%%", "/api/todos?status=\u00e9",
			"/api/changes/recent?limit=x", "/api/statuses", "/api/ping", "/api/" + "x".repeat(3000),
			"/api/todos/" + "%2e".repeat(50), "/api/webhooks/%2e%2e/%2e%2e/");

	static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
			"PROPFIND", "FOO", "get");

	static final List<String> CONTENT_TYPES = List.of("application/json", "*/*", "application/*", "*/json", "text/plain",
			"application/merge-patch+json", "application/json; charset=utf-16", "application/json; charset=nope",
			"multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "",
			"garbage", "application/json;;;", "application/xml", "text/*; q=0.1", "application/json, text/plain");

	static final List<String> BODIES = List.of("", "{", "}", "[]", "null", "0", "\"x\"", "{\"url\":1}",
			"{\"url\":[\"x\"],\"filter\":\"x\"}", "{\"filter\":{\"from\":1,\"to\":{}}}", "{\"enabled\":\"yes\"}",
			"{\"task\":1,\"dueDate\":true,\"status\":[]}", "{\"task\":\"t\",\"dueDate\":\"2024-02-30\"}",
			"{\"task\":\"t\",\"dueDate\":\"2024-03-25\",\"status\":\"nope\"}", "{\"status\":null}",
			"{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "{\"url\":\"http://[::1\"}",
			"{\"url\":\"javascript:alert(1)\"}", "{\"url\":\"" + "h".repeat(5000) + "\"}", "\u0000\u0001\u0002",
			"{\"task\":\"\ud800\"}", "{\"task\":\"t\"", "{\"x\":1e999999}", "{\"dueDate\":\"9999999999-01-01\"}");

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "application/*", "*/json", "text/plain" })
	void webhookWritesWithAnOddContentTypeAreRefusedWith415(String contentType) throws IOException {
		String body = "{\"url\":\"http://127.0.0.1:1/hook\"}";
		Answer post = send("POST", "/api/webhooks", contentType, body.getBytes(StandardCharsets.UTF_8));
		Answer patch = send("PATCH", "/api/webhooks/wh_missing", contentType, body.getBytes(StandardCharsets.UTF_8));
		assertThat(post.status()).as(post.toString()).isEqualTo(415);
		assertThat(patch.status()).as(patch.toString()).isEqualTo(415);
		assertThat(post.head()).containsIgnoringCase("application/problem+json");
	}

	@Test
	void connectIsAProtocolRefusalAndEverythingElseAClientError() throws IOException {
		Answer connect = send("CONNECT", "127.0.0.1:" + this.port, "", new byte[0]);
		assertThat(connect.status()).as(connect.toString()).isIn(400, 405, 501);
	}

	@Test
	void hugeBodiesAre413() throws IOException {
		byte[] huge = ("{\"task\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
		for (String path : List.of("/api/todos", "/api/webhooks")) {
			Answer answer = send("POST", path, "application/json", huge);
			assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
		}
	}

	@Test
	void boundedRandomRequestsNeverAnswerAServerError() throws IOException {
		Random random = new Random(20261203L);
		List<String> failures = new ArrayList<>();
		int answered = 0;
		for (int i = 0; i < REQUESTS; i++) {
			String method = pick(random, METHODS);
			String path = pick(random, PATHS);
			String contentType = pick(random, CONTENT_TYPES);
			byte[] body = mutate(random, pick(random, BODIES));
			Answer answer = send(method, path, contentType, body);
			if (answer.status() > 0) {
				answered++;
			}
			if (answer.status() >= 500 && answer.status() != 501 && answer.status() != 505) {
				failures.add(method + " " + path + " [" + contentType + "] " + answer);
			}
		}
		assertThat(failures).isEmpty();
		assertThat(answered).isEqualTo(REQUESTS);
	}

	private static byte[] mutate(Random random, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		if (bytes.length == 0 || random.nextInt(3) != 0) {
			return bytes;
		}
		// flip a few bytes: invalid UTF-8, control characters, truncated tokens
		for (int n = random.nextInt(4); n >= 0; n--) {
			bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
		}
		return bytes;
	}

	private static <T> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	private Answer send(String method, String target, String contentType, byte[] body) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(30_000);
			StringBuilder head = new StringBuilder();
			head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
			head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
			head.append("Connection: close\r\n");
			if (!contentType.isEmpty()) {
				head.append("Content-Type: ").append(contentType).append("\r\n");
			}
			if (body.length > 0 || !method.equals("GET")) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			try {
				out.write(head.toString().getBytes(StandardCharsets.UTF_8));
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer (413) and close before the whole body is written; the answer is still read
			}
			return Answer.read(socket.getInputStream());
		}
	}

	record Answer(int status, String head) {

		static Answer read(InputStream in) throws IOException {
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) != -1) {
				buffer.write(b);
				if (buffer.size() > 16_384) {
					break;
				}
			}
			String text = buffer.toString(StandardCharsets.ISO_8859_1);
			if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
				return new Answer(-1, text);
			}
			return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, Math.min(text.length(), 600)));
		}

		@Override
		public String toString() {
			return this.status + " " + this.head.replace("\r\n", " | ");
		}

	}

}
