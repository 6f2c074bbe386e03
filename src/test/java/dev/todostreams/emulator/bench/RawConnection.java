package dev.todostreams.emulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * The lightweight load client of the benchmark ({@code -Dbench.client=raw}): one persistent HTTP/1.1 connection on a
 * plain socket that sends AWS JSON 1.0 requests (the bodies the SDK would send, {@code X-Amz-Target},
 * {@code Content-Type: application/x-amz-json-1.0}, {@code X-Amz-Date} and an {@code Authorization} header of SigV4
 * shape) and reads each response in full. Like wrk, it spends as little CPU per call as it can, so that a server's
 * cost is not hidden behind the client's.
 * <p>
 * The signature is a fixed placeholder computed nowhere: both servers under test check the header's presence and
 * shape (dynalite: {@code AWS4-} prefix, {@code Credential}, {@code Signature}, {@code SignedHeaders}, and a date
 * header) but not the signature itself. Not thread safe: one per load thread.
 */
final class RawConnection implements AutoCloseable {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);

	private final URI endpoint;

	/** Everything of the request head before the target's value: request line, host, type, date, authorization. */
	private final byte[] headStart;

	private final byte[] buffer = new byte[8192];

	private byte[] out = new byte[4096];

	private byte[] body = new byte[16 * 1024];

	private int bodyLength;

	private int status;

	private Socket socket;

	private InputStream in;

	private OutputStream output;

	private int position;

	private int limit;

	RawConnection(URI endpoint) {
		this.endpoint = endpoint;
		String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT));
		String head = "POST / HTTP/1.1\r\n"
				+ "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
				+ "Content-Type: application/x-amz-json-1.0\r\n"
				+ "X-Amz-Date: " + date + "\r\n"
				+ "Authorization: AWS4-HMAC-SHA256 Credential=bench/" + date.substring(0, 8)
				+ "/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
				+ "0".repeat(64) + "\r\n"
				+ "X-Amz-Target: ";
		this.headStart = head.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Sends one request and reads its response; returns the HTTP status. The response body is then in
	 * {@link #body()} (its first {@link #bodyLength()} bytes). A connection that fails is closed and opened again
	 * on the next call.
	 */
	int call(byte[] target, byte[] requestBody, int requestLength) throws IOException {
		if (this.socket == null) {
			connect();
		}
		try {
			writeRequest(target, requestBody, requestLength);
			readResponse();
			return this.status;
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	byte[] body() {
		return this.body;
	}

	int bodyLength() {
		return this.bodyLength;
	}

	/** Whether the response body holds {@code needle} (ASCII). */
	boolean bodyContains(byte[] needle) {
		int last = this.bodyLength - needle.length;
		outer:
		for (int i = 0; i <= last; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (this.body[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private void connect() throws IOException {
		Socket s = new Socket();
		s.setTcpNoDelay(true);
		s.connect(new InetSocketAddress(this.endpoint.getHost(), this.endpoint.getPort()), 5000);
		s.setSoTimeout(30_000);
		this.socket = s;
		this.in = s.getInputStream();
		this.output = s.getOutputStream();
		this.position = 0;
		this.limit = 0;
	}

	private void writeRequest(byte[] target, byte[] requestBody, int requestLength) throws IOException {
		byte[] length = Integer.toString(requestLength).getBytes(StandardCharsets.US_ASCII);
		int size = this.headStart.length + target.length + 2 + 16 + length.length + 4 + requestLength;
		if (this.out.length < size) {
			this.out = new byte[Math.max(size, this.out.length * 2)];
		}
		int at = put(this.headStart, this.headStart.length, 0);
		at = put(target, target.length, at);
		at = put(CRLF, 2, at);
		at = put(CONTENT_LENGTH, CONTENT_LENGTH.length, at);
		at = put(length, length.length, at);
		at = put(CRLF, 2, at);
		at = put(CRLF, 2, at);
		at = put(requestBody, requestLength, at);
		this.output.write(this.out, 0, at);
		this.output.flush();
	}

	private int put(byte[] bytes, int length, int at) {
		System.arraycopy(bytes, 0, this.out, at, length);
		return at + length;
	}

	/** Reads the status line, the headers (Content-Length or chunked) and the whole body. */
	private void readResponse() throws IOException {
		String statusLine = readLine();
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
			throw new IOException("malformed status line: " + statusLine);
		}
		this.status = Integer.parseInt(statusLine.substring(9, 12));
		long contentLength = -1;
		boolean chunked = false;
		boolean close = false;
		String line;
		while (!(line = readLine()).isEmpty()) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = line.substring(0, colon).trim();
			if (name.equalsIgnoreCase("Content-Length")) {
				contentLength = Long.parseLong(line.substring(colon + 1).trim());
			}
			else if (name.equalsIgnoreCase("Transfer-Encoding")) {
				chunked = line.substring(colon + 1).toLowerCase(Locale.ROOT).contains("chunked");
			}
			else if (name.equalsIgnoreCase("Connection")) {
				close = line.substring(colon + 1).toLowerCase(Locale.ROOT).contains("close");
			}
		}
		this.bodyLength = 0;
		if (chunked) {
			while (true) {
				String sizeLine = readLine();
				int semicolon = sizeLine.indexOf(';');
				int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
				if (size == 0) {
					while (!readLine().isEmpty()) {
						// trailers
					}
					break;
				}
				readBody(size);
				readLine();
			}
		}
		else if (contentLength >= 0) {
			readBody((int) contentLength);
		}
		else {
			throw new IOException("response without Content-Length");
		}
		if (close) {
			close();
		}
	}

	/** Appends {@code length} body bytes to {@link #body}. */
	private void readBody(int length) throws IOException {
		if (this.body.length < this.bodyLength + length) {
			this.body = Arrays.copyOf(this.body, Math.max(this.bodyLength + length, this.body.length * 2));
		}
		int left = length;
		while (left > 0) {
			if (this.position == this.limit) {
				fill();
			}
			int n = Math.min(left, this.limit - this.position);
			System.arraycopy(this.buffer, this.position, this.body, this.bodyLength, n);
			this.position += n;
			this.bodyLength += n;
			left -= n;
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = null;
		while (true) {
			for (int i = this.position; i < this.limit; i++) {
				if (this.buffer[i] == '\n') {
					int end = (i > this.position && this.buffer[i - 1] == '\r') ? i - 1 : i;
					String text = new String(this.buffer, this.position, end - this.position, StandardCharsets.ISO_8859_1);
					this.position = i + 1;
					if (line == null) {
						return text;
					}
					line.append(text);
					if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
						line.setLength(line.length() - 1);
					}
					return line.toString();
				}
			}
			if (line == null) {
				line = new StringBuilder();
			}
			line.append(new String(this.buffer, this.position, this.limit - this.position, StandardCharsets.ISO_8859_1));
			if (line.length() > 65536) {
				throw new IOException("response line too long");
			}
			this.position = this.limit;
			fill();
		}
	}

	private void fill() throws IOException {
		int n = this.in.read(this.buffer, 0, this.buffer.length);
		if (n < 0) {
			throw new IOException("connection closed by the server");
		}
		this.position = 0;
		this.limit = n;
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
		}
	}

}
