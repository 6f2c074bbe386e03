package dev.todostreams.emulator.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
		Reader reader = new Reader(text);
		reader.skipWhitespace();
		Object value = reader.readValue(0);
		reader.skipWhitespace();
		if (reader.pos != text.length()) {
			throw reader.error("unexpected trailing content");
		}
		return value;
	}

	public static String write(Object value) {
		StringBuilder out = new StringBuilder(256);
		write(value, out);
		return out.toString();
	}

	@SuppressWarnings("unchecked")
	public static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String s) {
			writeString(s, out);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> e : map.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				writeString(String.valueOf(e.getKey()), out);
				out.append(':');
				write(e.getValue(), out);
			}
			out.append('}');
		}
		else if (value instanceof Collection<?> list) {
			out.append('[');
			boolean first = true;
			for (Object o : list) {
				if (!first) {
					out.append(',');
				}
				first = false;
				write(o, out);
			}
			out.append(']');
		}
		else if (value instanceof BigDecimal d) {
			out.append(d.toPlainString());
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			throw new IllegalArgumentException("cannot write " + value.getClass());
		}
	}

	private static void writeString(String s, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
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

		private int pos;

		Reader(String text) {
			this.text = text;
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
			if (depth > MAX_DEPTH) {
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
