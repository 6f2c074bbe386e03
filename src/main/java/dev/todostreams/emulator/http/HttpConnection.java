package dev.todostreams.emulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.json.JsonOutput;

/**
 * One client connection speaking HTTP/1.1 with keep-alive: reads a request (headers up to the blank line,
 * then a body of Content-Length bytes or chunks), hands it to the server and writes the response with a
 * single write. Only what the AWS protocols need is parsed.
 */
final class HttpConnection implements Runnable {

	/** A parsed request. */
	record Request(String method, @Nullable String target, byte[] body, @Nullable String corsRequestHeaders) {
	}

	/** A response ready to send: the first {@code length} bytes of {@code body}. */
	record Response(int status, String contentType, byte[] body, int length, String[] extraHeaders) {

		Response(int status, String contentType, byte[] body, String[] extraHeaders) {
			this(status, contentType, body, body.length, extraHeaders);
		}
	}

	/**
	 * Turns a request into a response. {@code out} is the connection's reusable buffer: a response body may be
	 * written into it (it is sent before the next request is read).
	 */
	@FunctionalInterface
	interface Handler {

		Response handle(Request request, JsonOutput out);
	}

	static final class BadRequest extends IOException {

		final int status;

		BadRequest(int status, String message) {
			super(message);
			this.status = status;
		}
	}

	private static final System.Logger LOG = System.getLogger(HttpConnection.class.getName());

	private static final int MAX_HEADER_BYTES = 64 * 1024;

	private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

	private static final String STATUS_LINE_START = "HTTP/1.1 ";

	private final Socket socket;

	private final Handler handler;

	private final Runnable onClose;

	private final byte[] input = new byte[16 * 1024];

	/** Next unread byte of {@link #input}. */
	private int position;

	/** End of the bytes read into {@link #input}. */
	private int limit;

	private InputStream in;

	private byte[] output = new byte[4 * 1024];

	private final int idleTimeoutMillis;

	HttpConnection(Socket socket, Handler handler, Runnable onClose, int idleTimeoutMillis) {
		this.socket = socket;
		this.handler = handler;
		this.onClose = onClose;
		this.idleTimeoutMillis = idleTimeoutMillis;
	}

	@Override
	public void run() {
		OutputStream out = null;
		try (socket) {
			socket.setTcpNoDelay(true);
			// an idle keep-alive connection, or a client stalled inside a request, gives its thread back
			socket.setSoTimeout(idleTimeoutMillis);
			in = socket.getInputStream();
			out = socket.getOutputStream();
			byte[] headerBuffer = new byte[MAX_HEADER_BYTES];
			JsonOutput json = new JsonOutput(4 * 1024);
			while (true) {
				Head head = null;
				try {
					int headerLength = readHead(headerBuffer);
					if (headerLength < 0) {
						return;
					}
					head = Head.parse(headerBuffer, headerLength);
					if (head.expectContinue) {
						out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
						out.flush();
					}
					byte[] body = head.chunked ? readChunked() : readBody(head.contentLength);
					json.reset();
					Response response = handler.handle(new Request(head.method, head.target, body, head.corsRequestHeaders), json);
					write(out, response, head.keepAlive, head.origin);
					if (!head.keepAlive) {
						return;
					}
				}
				catch (BadRequest ex) {
					refuse(out, ex.status, ex.getMessage(), head == null ? null : head.origin);
					return;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			// idle or stalled: closed without an answer, as HTTP servers do at their keep-alive timeout
		}
		catch (IOException ex) {
			// the client went away; nothing to answer
		}
		catch (RuntimeException ex) {
			// a framing bug of ours: say so rather than drop the connection silently
			LOG.log(Level.ERROR, "emulator HTTP connection failed", ex);
			if (out != null) {
				try {
					refuse(out, 500, "internal error reading the request", null);
				}
				catch (IOException ignored) {
					// the client is gone
				}
			}
		}
		finally {
			onClose.run();
		}
	}

	/**
	 * Answers a request that cannot be read with {@code status} and closes the connection: the output is shut first
	 * and what the client still sends is drained for a moment, so that the client reads the answer instead of a reset.
	 */
	private void refuse(OutputStream out, int status, String message, @Nullable String origin) throws IOException {
		write(out, new Response(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8),
				new String[0]), false, origin);
		drainAndClose(socket);
	}

	/** Shuts the output, then reads (at most 1 MB, at most 1 s) what the peer still sends before the socket closes. */
	static void drainAndClose(Socket socket) {
		try {
			socket.shutdownOutput();
			socket.setSoTimeout(1000);
			InputStream input = socket.getInputStream();
			byte[] sink = new byte[8192];
			long deadline = System.nanoTime() + 1_000_000_000L;
			int total = 0;
			int n;
			while (total < 1024 * 1024 && System.nanoTime() < deadline && (n = input.read(sink)) > 0) {
				total += n;
			}
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/** Reads up to and including the blank line; returns its length, or -1 at a clean end of stream. */
	private int readHead(byte[] buffer) throws IOException {
		int length = 0;
		while (true) {
			int b = read();
			if (b < 0) {
				if (length == 0) {
					return -1;
				}
				// the client stopped sending inside a head: it may still read the answer
				throw new BadRequest(400, "connection closed inside a request head");
			}
			if (length == 0 && (b == '\r' || b == '\n')) {
				continue; // tolerate blank lines between requests
			}
			if (length == buffer.length) {
				throw new BadRequest(431, "request headers too large");
			}
			buffer[length++] = (byte) b;
			if (b == '\n' && length >= 2 && (buffer[length - 2] == '\n'
					|| (buffer[length - 2] == '\r' && length >= 4 && buffer[length - 3] == '\n' && buffer[length - 4] == '\r'))) {
				return length;
			}
		}
	}

	/** The next byte, or -1 at the end of the stream. */
	private int read() throws IOException {
		if (position == limit) {
			int n = in.read(input, 0, input.length);
			if (n <= 0) {
				return -1;
			}
			position = 0;
			limit = n;
		}
		return input[position++] & 0xFF;
	}

	private byte[] readBody(long contentLength) throws IOException {
		if (contentLength > MAX_BODY_BYTES) {
			throw new BadRequest(413, "request body too large");
		}
		byte[] body = new byte[(int) contentLength];
		int read = Math.min(body.length, limit - position);
		System.arraycopy(input, position, body, 0, read);
		position += read;
		while (read < body.length) {
			int n = in.read(body, read, body.length - read);
			if (n < 0) {
				throw new BadRequest(400, "connection closed inside a request body");
			}
			read += n;
		}
		return body;
	}

	private byte[] readChunked() throws IOException {
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			int semicolon = sizeLine.indexOf(';');
			long size;
			try {
				size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
			}
			catch (NumberFormatException ex) {
				throw new BadRequest(400, "malformed chunk size");
			}
			if (size < 0) {
				throw new BadRequest(400, "malformed chunk size");
			}
			if (size == 0) {
				int trailers = 0;
				while (!readLine().isEmpty()) {
					// trailers are ignored, but not without end
					if (++trailers > 100) {
						throw new BadRequest(400, "too many trailer lines");
					}
				}
				return body.toByteArray();
			}
			if (body.size() + size > MAX_BODY_BYTES) {
				throw new BadRequest(413, "request body too large");
			}
			body.write(readBody(size));
			if (!readLine().isEmpty()) {
				throw new BadRequest(400, "chunk data not followed by CRLF");
			}
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = read();
			if (b < 0) {
				throw new BadRequest(400, "connection closed inside a chunked body");
			}
			if (b == '\n') {
				int end = line.length();
				if (end > 0 && line.charAt(end - 1) == '\r') {
					line.setLength(end - 1);
				}
				return line.toString();
			}
			if (line.length() > 8192) {
				throw new BadRequest(400, "chunk line too long");
			}
			line.append((char) b);
		}
	}

	/** Writes the head and the body with one write, from the connection's reusable buffer. */
	private void write(OutputStream out, Response response, boolean keepAlive, @Nullable String origin) throws IOException {
		String[] extra = response.extraHeaders();
		if (origin != null) {
			// browsers may read DynamoDB's answers from any origin, as DynamoDB allows
			String[] cors = { "Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers",
					"x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date" };
			String[] joined = new String[extra.length + cors.length];
			System.arraycopy(extra, 0, joined, 0, extra.length);
			System.arraycopy(cors, 0, joined, extra.length, cors.length);
			extra = joined;
		}
		int headSize = 128 + response.contentType().length();
		for (String header : extra) {
			headSize += header.length() + 4;
		}
		int size = headSize + response.length();
		if (output.length < size) {
			output = new byte[Math.max(size, output.length * 2)];
		}
		int at = ascii(STATUS_LINE_START, 0);
		at = ascii(Integer.toString(response.status()), at);
		output[at++] = ' ';
		at = ascii(reason(response.status()), at);
		at = ascii("\r\nContent-Type: ", at);
		at = ascii(response.contentType(), at);
		at = ascii("\r\nContent-Length: ", at);
		at = ascii(Integer.toString(response.length()), at);
		at = ascii("\r\n", at);
		for (int i = 0; i + 1 < extra.length; i += 2) {
			at = ascii(extra[i], at);
			at = ascii(": ", at);
			at = ascii(extra[i + 1], at);
			at = ascii("\r\n", at);
		}
		at = ascii(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n", at);
		System.arraycopy(response.body(), 0, output, at, response.length());
		out.write(output, 0, at + response.length());
		out.flush();
	}

	/** Copies a header text into {@link #output} as ISO-8859-1, as the head was always encoded. */
	private int ascii(String text, int at) {
		int n = text.length();
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			output[at + i] = (byte) (c <= 0xFF ? c : '?');
		}
		return at + n;
	}

	private static String reason(int status) {
		switch (status) {
			case 200:
				return "OK";
			case 400:
				return "Bad Request";
			case 405:
				return "Method Not Allowed";
			case 413:
				return "Payload Too Large";
			case 431:
				return "Request Header Fields Too Large";
			case 501:
				return "Not Implemented";
			case 503:
				return "Service Unavailable";
			case 500:
				return "Internal Server Error";
			default:
				return "Status";
		}
	}

	/** The request line and the few headers the emulator needs. */
	private static final class Head {

		String method = "";

		@Nullable String target;

		long contentLength;

		boolean chunked;

		boolean keepAlive = true;

		boolean expectContinue;

		@Nullable String origin;

		@Nullable String corsRequestHeaders;

		private boolean hasContentLength;

		static Head parse(byte[] buffer, int length) throws BadRequest {
			Head head = new Head();
			int lineEnd = indexOf(buffer, '\n', 0, length);
			String requestLine = new String(buffer, 0, lineEnd, StandardCharsets.ISO_8859_1).trim();
			String[] parts = requestLine.split(" ");
			if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
				throw new BadRequest(400, "malformed request line");
			}
			head.method = parts[0];
			if (parts[2].equals("HTTP/1.0")) {
				head.keepAlive = false;
			}
			int start = lineEnd + 1;
			while (start < length) {
				int end = indexOf(buffer, '\n', start, length);
				int colon = indexOf(buffer, ':', start, end);
				int lineStart = start;
				start = end + 1;
				if (end == lineStart || (end == lineStart + 1 && buffer[lineStart] == '\r')) {
					continue; // the blank line that ends the head
				}
				if (colon == end || colon == lineStart || buffer[lineStart] == ' ' || buffer[lineStart] == '\t') {
					throw new BadRequest(400, "malformed header line");
				}
				for (int i = lineStart; i < colon; i++) {
					int c = buffer[i] & 0xFF;
					if (c <= ' ' || c >= 0x7F) {
						throw new BadRequest(400, "malformed header name");
					}
				}
				// the name, trimmed as String.trim() does (bytes <= ' ')
				int nameStart = lineStart;
				int nameEnd = colon;
				while (nameStart < nameEnd && (buffer[nameStart] & 0xFF) <= ' ') {
					nameStart++;
				}
				while (nameEnd > nameStart && (buffer[nameEnd - 1] & 0xFF) <= ' ') {
					nameEnd--;
				}
				if (is(buffer, nameStart, nameEnd, "content-length")) {
					String value = value(buffer, colon, end);
					long contentLength;
					try {
						contentLength = value.isEmpty() || value.charAt(0) == '+' ? -1 : Long.parseLong(value);
					}
					catch (NumberFormatException ex) {
						throw new BadRequest(400, "malformed Content-Length");
					}
					if (contentLength < 0 || (head.hasContentLength && contentLength != head.contentLength)) {
						throw new BadRequest(400, "malformed Content-Length");
					}
					head.contentLength = contentLength;
					head.hasContentLength = true;
				}
				else if (is(buffer, nameStart, nameEnd, "x-amz-target")) {
					head.target = value(buffer, colon, end);
				}
				else if (is(buffer, nameStart, nameEnd, "transfer-encoding")) {
					String coding = value(buffer, colon, end).toLowerCase(java.util.Locale.ROOT);
					if (!coding.equals("chunked")) {
						throw new BadRequest(coding.endsWith("chunked") ? 501 : 400, "unsupported Transfer-Encoding: " + coding);
					}
					head.chunked = true;
				}
				else if (is(buffer, nameStart, nameEnd, "connection")) {
					String v = value(buffer, colon, end).toLowerCase(java.util.Locale.ROOT);
					if (v.contains("close")) {
						head.keepAlive = false;
					}
					else if (v.contains("keep-alive")) {
						head.keepAlive = true;
					}
				}
				else if (is(buffer, nameStart, nameEnd, "access-control-request-headers")) {
					head.corsRequestHeaders = value(buffer, colon, end);
				}
				else if (is(buffer, nameStart, nameEnd, "origin")) {
					head.origin = value(buffer, colon, end);
				}
				else if (is(buffer, nameStart, nameEnd, "expect")) {
					head.expectContinue = value(buffer, colon, end).equalsIgnoreCase("100-continue");
				}
			}
			if (head.chunked && head.hasContentLength) {
				// both framings at once is how requests are smuggled: RFC 9112 lets a server refuse it
				throw new BadRequest(400, "both Transfer-Encoding and Content-Length");
			}
			return head;
		}

		/** The first index of {@code b} in {@code buffer[from, to)}, or {@code to}. */
		private static int indexOf(byte[] buffer, char b, int from, int to) {
			for (int i = from; i < to; i++) {
				if (buffer[i] == b) {
					return i;
				}
			}
			return to;
		}

		/** Whether {@code buffer[from, to)} is {@code lowerCaseName} in any case (ASCII). */
		private static boolean is(byte[] buffer, int from, int to, String lowerCaseName) {
			if (to - from != lowerCaseName.length()) {
				return false;
			}
			for (int i = 0; i < lowerCaseName.length(); i++) {
				int c = buffer[from + i] & 0xFF;
				if (c >= 'A' && c <= 'Z') {
					c += 'a' - 'A';
				}
				if (c != lowerCaseName.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		/** The header value after the colon up to the line end, trimmed. */
		private static String value(byte[] buffer, int colon, int end) {
			return new String(buffer, colon + 1, end - colon - 1, StandardCharsets.ISO_8859_1).trim();
		}
	}
}
