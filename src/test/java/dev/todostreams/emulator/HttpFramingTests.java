package dev.todostreams.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulator's HTTP/1.1 server on raw sockets: chunked bodies, pipelined requests, and every malformed head
 * or framing answered with a 4xx status before the connection closes (never a silent close, never a 5xx);
 * idle connections and connections past the limit give their threads back.
 */
class HttpFramingTests {

	@RegisterExtension
	EmulatorExtension emulator = EmulatorExtension.withOptions(o -> o.withMaxConnections(4).withIdleTimeout(Duration.ofMillis(500)));

	/** One parsed response. */
	record Answer(int status, Map<String, String> headers, String body) {
	}

	static final String LIST_TABLES = "{}";

	private Socket connect() throws IOException {
		Socket socket = new Socket(emulator.endpoint().getHost(), emulator.endpoint().getPort());
		socket.setSoTimeout(10_000);
		return socket;
	}

	static String post(String body) {
		return "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
				+ "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
				+ "\r\n\r\n" + body;
	}

	/** Reads one response, or null when the connection ends before a status line. */
	static Answer read(InputStream in) throws IOException {
		String statusLine = line(in);
		if (statusLine == null) {
			return null;
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		String header;
		while ((header = line(in)) != null && !header.isEmpty()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
		byte[] body = in.readNBytes(length);
		return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				String s = out.toString(StandardCharsets.ISO_8859_1);
				return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
			}
			out.write(b);
		}
		return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
	}

	private Answer exchange(String raw) throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return read(socket.getInputStream());
		}
	}

	/** Sends raw bytes, expects one answer with {@code status}, then the end of the connection. */
	private void assertRefused(String raw, int status) throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			Answer answer = read(socket.getInputStream());
			assertThat(answer).as(raw).isNotNull();
			assertThat(answer.status()).as(raw).isEqualTo(status);
			assertThat(answer.headers().get("connection")).isEqualTo("close");
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void chunkedBodiesWithExtensionsAndTrailersAreRead() throws IOException {
		String raw = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n" + "1;ext=1\r\n{\r\n" + "1\r\n}\r\n" + "0\r\nX-Trailer: y\r\n\r\n";
		Answer answer = exchange(raw);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"TableNames\":[]");
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
		try (Socket socket = connect()) {
			String three = post(LIST_TABLES) + post("{\"Limit\":0}") + post(LIST_TABLES);
			socket.getOutputStream().write(three.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			List<Answer> answers = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				answers.add(read(socket.getInputStream()));
			}
			assertThat(answers).extracting(Answer::status).containsExactly(200, 400, 200);
			assertThat(answers).extracting(a -> a.headers().get("x-amzn-requestid")).doesNotHaveDuplicates();
			// still open for a fourth
			socket.getOutputStream().write(post(LIST_TABLES).getBytes(StandardCharsets.UTF_8));
			assertThat(read(socket.getInputStream()).status()).isEqualTo(200);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n{}",
			"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n{}",
			"POST / HTTP/1.1\r\nContent-Length: +2\r\n\r\n{}",
			"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
			"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
			"POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
			"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n{}\r\n0\r\n\r\n",
			"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
			"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n",
			"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n{}",
			"GARBAGE\r\n\r\n",
			"POST /\r\n\r\n",
			"POST / HTTP/2.0\r\n\r\n",
			"POST / HTTP/1.1\r\nNo colon here\r\n\r\n",
			"POST / HTTP/1.1\r\nBad Name: x\r\n\r\n",
			"POST / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n",
			"POST / HTTP/1.1\r\n: empty name\r\n\r\n" })
	void malformedHeadsAndFramingAreAnswered400(String raw) throws IOException {
		assertRefused(raw, 400);
	}

	@Test
	void aHeadCutShortByTheClientIsStillAnswered() throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.shutdownOutput();
			Answer answer = read(socket.getInputStream());
			assertThat(answer.status()).isEqualTo(400);
		}
	}

	@Test
	void aBodyCutShortIsAnswered400() throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
			socket.shutdownOutput();
			assertThat(read(socket.getInputStream()).status()).isEqualTo(400);
		}
	}

	@Test
	void oversizedHeadsAreAnswered431() throws IOException {
		assertRefused("POST / HTTP/1.1\r\nX-Big: " + "x".repeat(70 * 1024) + "\r\n\r\n", 431);
	}

	@Test
	void oversizedBodiesAreAnswered413() throws IOException {
		assertRefused("POST / HTTP/1.1\r\nContent-Length: " + (64L * 1024 * 1024) + "\r\n\r\n{}", 413);
	}

	@Test
	void expectContinueIsHonoured() throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write(("POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
					+ "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			assertThat(read(socket.getInputStream()).status()).isEqualTo(100);
			socket.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
			assertThat(read(socket.getInputStream()).status()).isEqualTo(200);
		}
	}

	@Test
	void requestIdsHaveDynamoDbsShapeAndCorsIsAnswered() throws IOException {
		Answer plain = exchange(post(LIST_TABLES));
		assertThat(plain.headers().get("x-amzn-requestid")).matches("[A-Z0-9]{52}");
		assertThat(plain.headers()).doesNotContainKey("access-control-allow-origin");
		Answer withOrigin = exchange(post(LIST_TABLES).replace("Host: x\r\n", "Host: x\r\nOrigin: http://localhost:3000\r\n"));
		assertThat(withOrigin.status()).isEqualTo(200);
		assertThat(withOrigin.headers().get("access-control-allow-origin")).isEqualTo("*");
		assertThat(withOrigin.headers().get("access-control-expose-headers")).contains("x-amzn-RequestId");
		Answer preflight = exchange("OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:3000\r\n"
				+ "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type,x-amz-target,authorization\r\n\r\n");
		assertThat(preflight.status()).isEqualTo(200);
		assertThat(preflight.headers().get("access-control-allow-origin")).isEqualTo("*");
		assertThat(preflight.headers().get("access-control-allow-methods")).contains("POST");
		assertThat(preflight.headers().get("access-control-allow-headers")).isEqualTo("content-type,x-amz-target,authorization");
	}

	@Test
	void idleConnectionsAreClosedAtTheIdleTimeout() throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write(post(LIST_TABLES).getBytes(StandardCharsets.UTF_8));
			assertThat(read(socket.getInputStream()).status()).isEqualTo(200);
			// nothing more is sent: the server closes after 500 ms (the client waits up to 10 s)
			assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
		}
	}

	private static int readOrReset(InputStream in) throws IOException {
		try {
			return in.read();
		}
		catch (SocketException reset) {
			return -1;
		}
	}

	@Test
	void connectionsPastTheLimitAreRefusedWith503AndServedAgainOnceOthersClose() throws IOException {
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				Socket socket = connect();
				held.add(socket);
				socket.getOutputStream().write(post(LIST_TABLES).getBytes(StandardCharsets.UTF_8));
				assertThat(read(socket.getInputStream()).status()).isEqualTo(200);
			}
			try (Socket fifth = connect()) {
				Answer refused = read(fifth.getInputStream());
				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.body()).contains("at most 4 connections");
			}
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		// the held connections' threads end once their sockets close; a new client is served again
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Answer again = exchange(post(LIST_TABLES));
			assertThat(again.status()).isEqualTo(200);
		});
	}
}
