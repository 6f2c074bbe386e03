package dev.todostreams.emulator.json;

import java.util.Arrays;

/**
 * A growable byte buffer that {@link Json#write(Object, JsonOutput)} fills with UTF-8 JSON: no intermediate
 * {@code String}, and reusable (one per connection thread) with {@link #reset()}. Not thread-safe.
 */
public final class JsonOutput {

	private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private byte[] bytes;

	private int length;

	public JsonOutput(int capacity) {
		this.bytes = new byte[Math.max(16, capacity)];
	}

	/** The buffer; its first {@link #length()} bytes are the output. */
	public byte[] array() {
		return bytes;
	}

	public int length() {
		return length;
	}

	/** Empties the buffer, keeping its capacity. */
	public void reset() {
		length = 0;
	}

	public byte[] toByteArray() {
		return Arrays.copyOf(bytes, length);
	}

	void ensure(int more) {
		if (length + more > bytes.length) {
			bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
		}
	}

	void writeByte(int b) {
		if (length == bytes.length) {
			ensure(1);
		}
		bytes[length++] = (byte) b;
	}

	/** Writes text known to be ASCII with nothing to escape (literals, numbers). */
	void writeAscii(String text) {
		int n = text.length();
		ensure(n);
		for (int i = 0; i < n; i++) {
			bytes[length++] = (byte) text.charAt(i);
		}
	}

	/**
	 * Writes a JSON string: quoted, escaped as {@link Json} always did, UTF-8 encoded the way
	 * {@code String.getBytes(UTF_8)} does it (an unpaired surrogate becomes {@code ?}).
	 */
	void writeString(String s) {
		int n = s.length();
		// worst case 6 bytes per char (\\u00xx), plus the quotes
		ensure(n * 6 + 2);
		byte[] b = bytes;
		int at = length;
		b[at++] = '"';
		for (int i = 0; i < n; i++) {
			char c = s.charAt(i);
			if (c >= 0x20 && c < 0x80) {
				if (c == '"' || c == '\\') {
					b[at++] = '\\';
				}
				b[at++] = (byte) c;
			}
			else if (c < 0x20) {
				b[at++] = '\\';
				switch (c) {
					case '\n' -> b[at++] = 'n';
					case '\r' -> b[at++] = 'r';
					case '\t' -> b[at++] = 't';
					case '\b' -> b[at++] = 'b';
					case '\f' -> b[at++] = 'f';
					default -> {
						b[at++] = 'u';
						b[at++] = '0';
						b[at++] = '0';
						b[at++] = HEX[c >> 4];
						b[at++] = HEX[c & 0xF];
					}
				}
			}
			else if (c < 0x800) {
				b[at++] = (byte) (0xC0 | (c >> 6));
				b[at++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
				int cp = Character.toCodePoint(c, s.charAt(++i));
				b[at++] = (byte) (0xF0 | (cp >> 18));
				b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
				b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
				b[at++] = (byte) (0x80 | (cp & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				// a lone surrogate has no UTF-8 form: escaped, it reads back as the same string (the journal relies on it)
				b[at++] = '\\';
				b[at++] = 'u';
				b[at++] = HEX[c >> 12];
				b[at++] = HEX[(c >> 8) & 0xF];
				b[at++] = HEX[(c >> 4) & 0xF];
				b[at++] = HEX[c & 0xF];
			}
			else {
				b[at++] = (byte) (0xE0 | (c >> 12));
				b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				b[at++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		b[at++] = '"';
		length = at;
	}
}
