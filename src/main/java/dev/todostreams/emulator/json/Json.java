package dev.todostreams.emulator.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A small JSON reader and writer for the AWS JSON 1.0 protocol. Objects become {@link LinkedHashMap}s,
 * arrays {@link ArrayList}s, numbers {@link BigDecimal}s, and {@code null} stays {@code null}.
 * Kept here so the emulator depends on no JSON library and parses exactly what the protocol needs.
 */
public final class Json {

	private Json() {
	}

	/** Parses one JSON document; throws {@link JsonException} naming the position of the first error. */
	public static Object parse(String text) {
		return parse(text, Reader.MAX_DEPTH);
	}

	/** {@link #parse(String)} with another nesting limit (the journal holds requests' values inside its records). */
	public static Object parse(String text, int maxDepth) {
		Reader reader = new Reader(text, maxDepth);
		reader.skipWhitespace();
		Object value = reader.readValue(0);
		reader.skipWhitespace();
		if (reader.pos != text.length()) {
			throw reader.error("unexpected trailing content");
		}
		return value;
	}

	public static String write(Object value) {
		JsonOutput out = new JsonOutput(256);
		write(value, out);
		return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
	}

	/** Writes one JSON value as UTF-8 straight into {@code out}. */
	public static void write(Object value, JsonOutput out) {
		if (value == null) {
			out.writeAscii("null");
		}
		else if (value instanceof String s) {
			out.writeString(s);
		}
		else if (value instanceof Map<?, ?> map) {
			out.writeByte('{');
			boolean first = true;
			for (Map.Entry<?, ?> e : map.entrySet()) {
				if (!first) {
					out.writeByte(',');
				}
				first = false;
				Object key = e.getKey();
				out.writeString(key instanceof String k ? k : String.valueOf(key));
				out.writeByte(':');
				write(e.getValue(), out);
			}
			out.writeByte('}');
		}
		else if (value instanceof List<?> list && value instanceof RandomAccess) {
			out.writeByte('[');
			for (int i = 0, n = list.size(); i < n; i++) {
				if (i > 0) {
					out.writeByte(',');
				}
				write(list.get(i), out);
			}
			out.writeByte(']');
		}
		else if (value instanceof Collection<?> list) {
			out.writeByte('[');
			boolean first = true;
			for (Object o : list) {
				if (!first) {
					out.writeByte(',');
				}
				first = false;
				write(o, out);
			}
			out.writeByte(']');
		}
		else if (value instanceof BigDecimal d) {
			out.writeAscii(d.toPlainString());
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.writeAscii(value.toString());
		}
		else {
			throw new IllegalArgumentException("cannot write " + value.getClass());
		}
	}

	/** Thrown for text that is not JSON. */
	public static final class JsonException extends RuntimeException {

		JsonException(String message) {
			super(message);
		}
	}

	private static final class Reader {

		private static final int MAX_DEPTH = 512;

		private final String text;

		private final int maxDepth;

		private int pos;

		Reader(String text, int maxDepth) {
			this.text = text;
			this.maxDepth = maxDepth;
		}

		JsonException error(String what) {
			return new JsonException(what + " at position " + pos);
		}

		void skipWhitespace() {
			while (pos < text.length()) {
				char c = text.charAt(pos);
				if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
					pos++;
				}
				else {
					break;
				}
			}
		}

		Object readValue(int depth) {
			if (depth > maxDepth) {
				throw error("nesting too deep");
			}
			if (pos >= text.length()) {
				throw error("unexpected end of input");
			}
			char c = text.charAt(pos);
			return switch (c) {
				case '{' -> readObject(depth);
				case '[' -> readArray(depth);
				case '"' -> readString();
				case 't' -> literal("true", Boolean.TRUE);
				case 'f' -> literal("false", Boolean.FALSE);
				case 'n' -> literal("null", null);
				default -> {
					if (c == '-' || (c >= '0' && c <= '9')) {
						yield readNumber();
					}
					throw error("unexpected character '" + c + "'");
				}
			};
		}

		private Object literal(String word, Object value) {
			if (!text.startsWith(word, pos)) {
				throw error("invalid literal");
			}
			pos += word.length();
			return value;
		}

		private Map<String, Object> readObject(int depth) {
			pos++;
			Map<String, Object> map = new LinkedHashMap<>();
			skipWhitespace();
			if (pos < text.length() && text.charAt(pos) == '}') {
				pos++;
				return map;
			}
			while (true) {
				skipWhitespace();
				if (pos >= text.length() || text.charAt(pos) != '"') {
					throw error("expected a field name");
				}
				String key = readString();
				skipWhitespace();
				expect(':');
				skipWhitespace();
				map.put(key, readValue(depth + 1));
				skipWhitespace();
				if (pos >= text.length()) {
					throw error("unexpected end of input in object");
				}
				char c = text.charAt(pos++);
				if (c == '}') {
					return map;
				}
				if (c != ',') {
					pos--;
					throw error("expected ',' or '}'");
				}
			}
		}

		private List<Object> readArray(int depth) {
			pos++;
			List<Object> list = new ArrayList<>();
			skipWhitespace();
			if (pos < text.length() && text.charAt(pos) == ']') {
				pos++;
				return list;
			}
			while (true) {
				skipWhitespace();
				list.add(readValue(depth + 1));
				skipWhitespace();
				if (pos >= text.length()) {
					throw error("unexpected end of input in array");
				}
				char c = text.charAt(pos++);
				if (c == ']') {
					return list;
				}
				if (c != ',') {
					pos--;
					throw error("expected ',' or ']'");
				}
			}
		}

		private void expect(char c) {
			if (pos >= text.length() || text.charAt(pos) != c) {
				throw error("expected '" + c + "'");
			}
			pos++;
		}

		private String readString() {
			pos++;
			int start = pos;
			// fast path: no escapes
			while (pos < text.length()) {
				char c = text.charAt(pos);
				if (c == '"') {
					return text.substring(start, pos++);
				}
				if (c == '\\' || c < 0x20) {
					break;
				}
				pos++;
			}
			StringBuilder sb = new StringBuilder(text.substring(start, pos));
			while (pos < text.length()) {
				char c = text.charAt(pos++);
				if (c == '"') {
					return sb.toString();
				}
				if (c < 0x20) {
					pos--;
					throw error("control character in string");
				}
				if (c != '\\') {
					sb.append(c);
					continue;
				}
				if (pos >= text.length()) {
					break;
				}
				char e = text.charAt(pos++);
				switch (e) {
					case '"', '\\', '/' -> sb.append(e);
					case 'b' -> sb.append('\b');
					case 'f' -> sb.append('\f');
					case 'n' -> sb.append('\n');
					case 'r' -> sb.append('\r');
					case 't' -> sb.append('\t');
					case 'u' -> {
						if (pos + 4 > text.length()) {
							throw error("bad unicode escape");
						}
						try {
							sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
						}
						catch (NumberFormatException ex) {
							throw error("bad unicode escape");
						}
						pos += 4;
					}
					default -> throw error("bad escape '\\" + e + "'");
				}
			}
			throw error("unterminated string");
		}

		private BigDecimal readNumber() {
			int start = pos;
			while (pos < text.length()) {
				char c = text.charAt(pos);
				if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
					pos++;
				}
				else {
					break;
				}
			}
			try {
				return new BigDecimal(text.substring(start, pos));
			}
			catch (NumberFormatException ex) {
				pos = start;
				throw error("invalid number");
			}
		}
	}
}
