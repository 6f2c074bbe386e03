package dev.todostreams.emulator.expr;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/** Value semantics shared by expressions and legacy conditions. */
final class Ops {

	private Ops() {
	}

	static boolean isScalar(Value v) {
		return v instanceof Value.S || v instanceof Value.N || v instanceof Value.B;
	}

	static boolean isSet(Value v) {
		return v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS;
	}

	/** Compares two values of the same scalar type; {@code null} when they cannot be ordered. */
	static @Nullable Integer order(@Nullable Value a, @Nullable Value b) {
		if (a == null || b == null) {
			return null;
		}
		if (a instanceof Value.N x && b instanceof Value.N y) {
			return x.value().compareTo(y.value());
		}
		if (a instanceof Value.S x && b instanceof Value.S y) {
			return Values.compareUtf8(x.value(), y.value());
		}
		if (a instanceof Value.B x && b instanceof Value.B y) {
			return Arrays.compareUnsigned(x.value(), y.value());
		}
		return null;
	}

	static boolean equal(@Nullable Value a, @Nullable Value b) {
		return a != null && a.equals(b);
	}

	static boolean beginsWith(@Nullable Value v, @Nullable Value prefix) {
		if (v instanceof Value.S s && prefix instanceof Value.S p) {
			return s.value().startsWith(p.value());
		}
		if (v instanceof Value.B b && prefix instanceof Value.B p) {
			byte[] bytes = b.value();
			byte[] start = p.value();
			return bytes.length >= start.length && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
		}
		return false;
	}

	static boolean contains(@Nullable Value v, @Nullable Value operand) {
		if (v == null || operand == null) {
			return false;
		}
		if (v instanceof Value.S s) {
			return operand instanceof Value.S o && s.value().contains(o.value());
		}
		if (v instanceof Value.SS ss) {
			return operand instanceof Value.S o && ss.values().contains(o.value());
		}
		if (v instanceof Value.NS ns) {
			return operand instanceof Value.N o && ns.values().contains(o.value());
		}
		if (v instanceof Value.BS bs) {
			return operand instanceof Value.B o && bs.values().contains(o);
		}
		if (v instanceof Value.L l) {
			return l.values().contains(operand);
		}
		if (v instanceof Value.B b && operand instanceof Value.B o) {
			return indexOf(b.value(), o.value()) >= 0;
		}
		return false;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * The {@code size()} function: {@code null} for types without a size. Developer Guide, "Condition and filter
	 * expressions, operators, and functions" (size): a string's length in characters (not its UTF-8 bytes), a
	 * binary's bytes, a set's elements, a list's or map's child elements.
	 */
	static @Nullable Value size(@Nullable Value v) {
		int size;
		if (v instanceof Value.S s) {
			size = s.value().codePointCount(0, s.value().length());
		}
		else if (v instanceof Value.B b) {
			size = b.value().length;
		}
		else if (v instanceof Value.SS ss) {
			size = ss.values().size();
		}
		else if (v instanceof Value.NS ns) {
			size = ns.values().size();
		}
		else if (v instanceof Value.BS bs) {
			size = bs.values().size();
		}
		else if (v instanceof Value.L l) {
			size = l.values().size();
		}
		else if (v instanceof Value.M m) {
			size = m.values().size();
		}
		else {
			return null;
		}
		return new Value.N(BigDecimal.valueOf(size));
	}

	/** DynamoDB's long type names used in some error messages. */
	static String typeName(Value v) {
		return switch (v.type()) {
			case "S" -> "STRING";
			case "N" -> "NUMBER";
			case "B" -> "BINARY";
			case "SS" -> "STRING_SET";
			case "NS" -> "NUMBER_SET";
			case "BS" -> "BINARY_SET";
			case "L" -> "LIST";
			case "M" -> "MAP";
			case "BOOL" -> "BOOLEAN";
			default -> "NULL";
		};
	}

	/** Renders a value as DynamoDB does in BETWEEN errors, e.g. {@code {N:5}}. */
	static String describe(Value v) {
		Map<String, Object> json = Values.toJson(v);
		Object wire = json.get(v.type());
		return "{" + v.type() + ":" + wire + "}";
	}

}
