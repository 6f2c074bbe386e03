package dev.todostreams.emulator.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.todostreams.emulator.http.HttpConnection.Request;
import dev.todostreams.emulator.http.HttpConnection.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator's HTTP/1.1 framing on its own: one {@link HttpConnection} on a loopback socket with a handler that
 * records what it is given, so each test sees exactly which request the framing made of the bytes sent, and what
 * went back on the wire. (The whole server with the DynamoDB operations behind it: {@code HttpFramingTests}.)
 */
class HttpConnectionTests {

	private final List<Request> handled = new CopyOnWriteArrayList<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	private ServerSocket listener;

	private Socket client;

	private Thread connection;

	@BeforeEach
	void connect() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.client = new Socket(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
		this.client.setSoTimeout(10_000);
		Socket accepted = this.listener.accept();
		HttpConnection.Handler handler = (request, out) -> {
			this.handled.add(request);
			byte[] body = ("handled " + request.body().length + " bytes").getBytes(StandardCharsets.UTF_8);
			return new Response(200, "application/x-amz-json-1.0", body, new String[] { "x-amzn-RequestId", "R1" });
		};
		this.connection = new Thread(new HttpConnection(accepted, handler, this.closed::countDown, 10_000),
				"http-connection-under-test");
		this.connection.setDaemon(true);
		this.connection.start();
	}

	@AfterEach
	void close() throws Exception {
		this.client.close();
		this.listener.close();
		this.connection.join(10_000);
	}

	@Test
	void aRequestWithContentLengthReachesTheHandlerWholeAndItsAnswerGoesBack() throws Exception {
		send("POST / HTTP/1.1\r\nHost: x\r\nx-amz-TARGET:  DynamoDB_20120810.GetItem \r\nContent-Length: 10\r\n\r\n"
				+ "{\"a\":\"é\"}");
		Answer answer = read();
		assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
		assertThat(answer.headers()).containsEntry("content-type", "application/x-amz-json-1.0")
			.containsEntry("content-length", "16")
			.containsEntry("x-amzn-requestid", "R1")
			.containsEntry("connection", "keep-alive");
		assertThat(answer.body()).isEqualTo("handled 10 bytes");
		assertThat(this.handled).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.target()).as("header names are case-insensitive, values trimmed")
				.isEqualTo("DynamoDB_20120810.GetItem");
			assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"é\"}");
		});
	}

	@Test
	void chunksWithExtensionsAndTrailersMakeOneBody() throws Exception {
		send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + "4;name=value\r\nWiki\r\n" + "5\r\npedia\r\n"
				+ "E\r\n in\r\n\r\nchunks.\r\n" + "0\r\nTrailer: ignored\r\n\r\n");
		assertThat(read().status()).isEqualTo(200);
		assertThat(this.handled).singleElement()
			.satisfies((request) -> assertThat(new String(request.body(), StandardCharsets.US_ASCII))
				.isEqualTo("Wikipedia in\r\n\r\nchunks."));
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
		send("\r\nPOST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nA" + "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nBB"
				+ "GET / HTTP/1.1\r\n\r\n");
		assertThat(read().body()).isEqualTo("handled 1 bytes");
		assertThat(read().body()).isEqualTo("handled 2 bytes");
		assertThat(read().body()).isEqualTo("handled 0 bytes");
		assertThat(this.handled).extracting(Request::method).containsExactly("POST", "POST", "GET");
		assertThat(this.closed.getCount()).as("still open").isEqualTo(1);
	}

	@Test
	void bareLineFeedsEndTheHeadToo() throws Exception {
		send("POST / HTTP/1.1\nContent-Length: 3\n\nabc");
		assertThat(read().body()).isEqualTo("handled 3 bytes");
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', value = { "HTTP/1.0 without Connection header | GET / HTTP/1.0\\r\\n\\r\\n",
			"Connection: close | GET / HTTP/1.1\\r\\nConnection: close\\r\\n\\r\\n" })
	void theConnectionClosesAfterTheAnswerWhenTheClientAsks(String why, String request) throws Exception {
		send(crlf(request));
		Answer answer = read();
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.headers()).containsEntry("connection", "close");
		assertThat(this.client.getInputStream().read()).as("end of stream").isEqualTo(-1);
		assertThat(this.closed.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void expectContinueIsAnsweredBeforeTheBodyIsRead() throws Exception {
		send("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
		assertThat(line(this.client.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
		assertThat(line(this.client.getInputStream())).isEmpty();
		assertThat(this.handled).isEmpty();
		send("ok");
		assertThat(read().body()).isEqualTo("handled 2 bytes");
	}

	@Test
	void aBrowsersOriginGetsCorsHeadersAndItsPreflightHeadersReachTheHandler() throws Exception {
		send("OPTIONS / HTTP/1.1\r\nOrigin: http://localhost:8080\r\n"
				+ "Access-Control-Request-Headers: content-type,x-amz-target\r\n\r\n");
		Answer answer = read();
		assertThat(answer.headers()).containsEntry("access-control-allow-origin", "*")
			.containsKey("access-control-expose-headers");
		assertThat(this.handled).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("OPTIONS");
			assertThat(request.corsRequestHeaders()).isEqualTo("content-type,x-amz-target");
		});
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', value = {
			"two different lengths | 400 | POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab",
			"a signed length | 400 | POST / HTTP/1.1\\r\\nContent-Length: +1\\r\\n\\r\\na",
			"both framings (smuggling) | 400 | POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n",
			"a coding before chunked | 501 | POST / HTTP/1.1\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n0\\r\\n\\r\\n",
			"an unknown coding | 400 | POST / HTTP/1.1\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n",
			"a folded header | 400 | POST / HTTP/1.1\\r\\nX-A: 1\\r\\n  continued\\r\\n\\r\\n",
			"a header without colon | 400 | POST / HTTP/1.1\\r\\nNoColon\\r\\n\\r\\n",
			"a space in a header name | 400 | POST / HTTP/1.1\\r\\nX A: 1\\r\\n\\r\\n",
			"a request line of two parts | 400 | POST /\\r\\n\\r\\n",
			"HTTP/2 on the request line | 400 | POST / HTTP/2\\r\\n\\r\\n",
			"a chunk size that is not hex | 400 | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n",
			"chunk data longer than its size | 400 | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\nab\\r\\n0\\r\\n\\r\\n",
			"a body over 32 MB | 413 | POST / HTTP/1.1\\r\\nContent-Length: 33554433\\r\\n\\r\\n" })
	void malformedFramingIsAnsweredWithAClientErrorAndTheConnectionCloses(String why, int status, String request)
			throws Exception {
		send(crlf(request));
		Answer answer = read();
		// the server drains what the client still sends before it closes: say that is all
		this.client.shutdownOutput();
		assertThat(answer.status()).isEqualTo(status);
		assertThat(answer.headers()).containsEntry("connection", "close");
		assertThat(this.handled).as("nothing half-read reaches the handler").isEmpty();
		assertThat(this.closed.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void headersOverTheLimitAre431() throws Exception {
		send("POST / HTTP/1.1\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
		assertThat(read().status()).isEqualTo(431);
		this.client.shutdownOutput();
		assertThat(this.handled).isEmpty();
		assertThat(this.closed.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aClientThatStopsInsideAHeadIsToldSo() throws Exception {
		send("POST / HTTP/1.1\r\nContent-Le");
		this.client.shutdownOutput();
		Answer answer = read();
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body()).isEqualTo("connection closed inside a request head\n");
		assertThat(this.handled).isEmpty();
	}

	@Test
	void aClientThatLeavesBetweenRequestsEndsTheConnectionQuietly() throws Exception {
		send("GET / HTTP/1.1\r\n\r\n");
		assertThat(read().status()).isEqualTo(200);
		this.client.shutdownOutput();
		assertThat(this.closed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.client.getInputStream().read()).as("no answer to nothing").isEqualTo(-1);
		assertThat(this.handled).hasSize(1);
	}

	/** The CSV rows write CR LF as the four characters backslash r backslash n. */
	private static String crlf(String text) {
		return text.replace("\\r\\n", "\r\n");
	}

	private void send(String text) throws IOException {
		this.client.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		this.client.getOutputStream().flush();
	}

	record Answer(String statusLine, int status, Map<String, String> headers, String body) {
	}

	/** One response: status line, headers (names in lower case), and a body of Content-Length bytes. */
	private Answer read() throws IOException {
		InputStream in = this.client.getInputStream();
		String statusLine = line(in);
		assertThat(statusLine).as("a status line").isNotNull().startsWith("HTTP/1.1 ");
		Map<String, String> headers = new LinkedHashMap<>();
		String header;
		while ((header = line(in)) != null && !header.isEmpty()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
		return new Answer(statusLine, Integer.parseInt(statusLine.split(" ")[1]), headers,
				new String(body, StandardCharsets.UTF_8));
	}

	private static @Nullable String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return (line.size() == 0) ? null : line.toString(StandardCharsets.ISO_8859_1);
	}

}
