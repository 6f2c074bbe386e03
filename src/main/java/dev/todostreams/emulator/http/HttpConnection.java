package dev.todostreams.emulator.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * One client connection speaking HTTP/1.1 with keep-alive: reads a request (headers up to the blank line,
 * then a body of Content-Length bytes or chunks), hands it to the server and writes the response with a
 * single write. Only what the AWS protocols need is parsed.
 */
final class HttpConnection implements Runnable {

	/** A parsed request. */
	record Request(String method, @Nullable String target, byte[] body) {
	}

	/** A response ready to send. */
	record Response(int status, String contentType, byte[] body, String[] extraHeaders) {
	}

	/** Turns a request into a response. */
	@FunctionalInterface
	interface Handler {

		Response handle(Request request);
	}

	static final class BadRequest extends IOException {

		final int status;

		BadRequest(int status, String message) {
			super(message);
			this.status = status;
		}
	}

	private static final int MAX_HEADER_BYTES = 64 * 1024;

	private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

	private final Socket socket;

	private final Handler handler;

	private final Runnable onClose;

	HttpConnection(Socket socket, Handler handler, Runnable onClose) {
		this.socket = socket;
		this.handler = handler;
		this.onClose = onClose;
	}

	@Override
	public void run() {
		try (socket) {
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
			OutputStream out = socket.getOutputStream();
			byte[] headerBuffer = new byte[MAX_HEADER_BYTES];
			while (true) {
				int headerLength;
				try {
					headerLength = readHead(in, headerBuffer);
				}
				catch (BadRequest ex) {
					write(out, new Response(ex.status, "text/plain; charset=utf-8",
							(ex.getMessage() + "\n").getBytes(StandardCharsets.UTF_8), new String[0]), false);
					return;
				}
				if (headerLength < 0) {
					return;
				}
				Head head;
				try {
					head = Head.parse(headerBuffer, headerLength);
					if (head.expectContinue) {
						out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
						out.flush();
					}
					byte[] body = head.chunked ? readChunked(in) : readBody(in, head.contentLength);
					Response response = handler.handle(new Request(head.method, head.target, body));
					write(out, response, head.keepAlive);
					if (!head.keepAlive) {
						return;
					}
				}
				catch (BadRequest ex) {
					write(out, new Response(ex.status, "text/plain; charset=utf-8",
							(ex.getMessage() + "\n").getBytes(StandardCharsets.UTF_8), new String[0]), false);
					return;
				}
			}
		}
		catch (IOException ex) {
			// the client went away; nothing to answer
		}
		finally {
			onClose.run();
		}
	}

	/** Reads up to and including the blank line; returns its length, or -1 at a clean end of stream. */
	private static int readHead(InputStream in, byte[] buffer) throws IOException {
		int length = 0;
		while (true) {
			int b = in.read();
			if (b < 0) {
				if (length == 0) {
					return -1;
				}
				throw new IOException("connection closed inside a request head");
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

	private static byte[] readBody(InputStream in, long contentLength) throws IOException {
		if (contentLength > MAX_BODY_BYTES) {
			throw new BadRequest(413, "request body too large");
		}
		byte[] body = new byte[(int) contentLength];
		int read = 0;
		while (read < body.length) {
			int n = in.read(body, read, body.length - read);
			if (n < 0) {
				throw new IOException("connection closed inside a request body");
			}
			read += n;
		}
		return body;
	}

	private static byte[] readChunked(InputStream in) throws IOException {
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in);
			int semicolon = sizeLine.indexOf(';');
			long size;
			try {
				size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
			}
			catch (NumberFormatException ex) {
				throw new BadRequest(400, "malformed chunk size");
			}
			if (size == 0) {
				while (!readLine(in).isEmpty()) {
					// trailers are ignored
				}
				return body.toByteArray();
			}
			if (body.size() + size > MAX_BODY_BYTES) {
				throw new BadRequest(413, "request body too large");
			}
			body.write(readBody(in, size));
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed inside a chunked body");
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

	private static void write(OutputStream out, Response response, boolean keepAlive) throws IOException {
		StringBuilder head = new StringBuilder(256);
		head.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n");
		head.append("Content-Type: ").append(response.contentType()).append("\r\n");
		head.append("Content-Length: ").append(response.body().length).append("\r\n");
		String[] extra = response.extraHeaders();
		for (int i = 0; i + 1 < extra.length; i += 2) {
			head.append(extra[i]).append(": ").append(extra[i + 1]).append("\r\n");
		}
		head.append(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] all = new byte[headBytes.length + response.body().length];
		System.arraycopy(headBytes, 0, all, 0, headBytes.length);
		System.arraycopy(response.body(), 0, all, headBytes.length, response.body().length);
		out.write(all);
		out.flush();
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

		static Head parse(byte[] buffer, int length) throws BadRequest {
			String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
			Head head = new Head();
			int lineEnd = text.indexOf('\n');
			String requestLine = text.substring(0, lineEnd).trim();
			String[] parts = requestLine.split(" ");
			if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
				throw new BadRequest(400, "malformed request line");
			}
			head.method = parts[0];
			if (parts[2].equals("HTTP/1.0")) {
				head.keepAlive = false;
			}
			int start = lineEnd + 1;
			while (start < text.length()) {
				int end = text.indexOf('\n', start);
				if (end < 0) {
					end = text.length();
				}
				String line = text.substring(start, end);
				start = end + 1;
				int colon = line.indexOf(':');
				if (colon <= 0) {
					continue;
				}
				String name = line.substring(0, colon).trim();
				String value = line.substring(colon + 1).trim();
				if (name.equalsIgnoreCase("Content-Length")) {
					try {
						head.contentLength = Long.parseLong(value);
					}
					catch (NumberFormatException ex) {
						throw new BadRequest(400, "malformed Content-Length");
					}
					if (head.contentLength < 0) {
						throw new BadRequest(400, "malformed Content-Length");
					}
				}
				else if (name.equalsIgnoreCase("X-Amz-Target")) {
					head.target = value;
				}
				else if (name.equalsIgnoreCase("Transfer-Encoding")) {
					head.chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
				}
				else if (name.equalsIgnoreCase("Connection")) {
					String v = value.toLowerCase(java.util.Locale.ROOT);
					if (v.contains("close")) {
						head.keepAlive = false;
					}
					else if (v.contains("keep-alive")) {
						head.keepAlive = true;
					}
				}
				else if (name.equalsIgnoreCase("Expect")) {
					head.expectContinue = value.equalsIgnoreCase("100-continue");
				}
			}
			return head;
		}
	}
}
