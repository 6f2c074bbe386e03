package dev.todostreams.emulator.value;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.todostreams.emulator.api.AwsException;

/**
 * Conversion between the wire form of attribute values ({@code {"S":"x"}}, {@code {"N":"1.5"}}, ...)
 * and {@link Value}, plus the rules DynamoDB applies to them: number precision and range, set
 * uniqueness, item size, and key ordering.
 */
public final class Values {

	/** DynamoDB's item size limit. */
	public static final int MAX_ITEM_BYTES = 400 * 1024;

	private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("9.9999999999999999999999999999999999999E+125");

	private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

	/** DynamoDB's nesting limit: a top-level attribute is level 1, a value may sit at most at level 32. */
	public static final int MAX_NESTING_LEVELS = 32;

	/** DynamoDB's limit on an attribute name (64 KB, in UTF-8 bytes). */
	public static final int MAX_ATTRIBUTE_NAME_BYTES = 64 * 1024 - 1;

	/** DynamoDB's limits on key values: partition key 2048 bytes, sort key 1024 bytes. */
	public static final int MAX_HASH_KEY_BYTES = 2048;

	public static final int MAX_RANGE_KEY_BYTES = 1024;

	/** Nesting as read from a journal: only bounded by the JSON reader, never refused (old data stays readable). */
	private static final int UNLIMITED = Integer.MAX_VALUE;

	private Values() {
	}

	static BigDecimal normalise(BigDecimal n) {
		if (n.signum() == 0) {
			return BigDecimal.ZERO;
		}
		return n.stripTrailingZeros();
	}

	/** Parses and validates a number as DynamoDB does: at most 38 significant digits, range 1E-130 .. 1E126. */
	public static BigDecimal parseNumber(String text) {
		BigDecimal n;
		try {
			String t = text.trim();
			if (t.isEmpty() || t.startsWith("+") || t.contains("_")) {
				throw new NumberFormatException();
			}
			n = new BigDecimal(t);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw AwsException.validation("The parameter cannot be converted to a numeric value: " + text);
		}
		return checkNumber(n);
	}

	/** Applies DynamoDB's precision and range rules to a number computed or parsed. */
	public static BigDecimal checkNumber(BigDecimal raw) {
		BigDecimal n = normalise(raw);
		if (n.signum() == 0) {
			return n;
		}
		if (n.precision() > 38) {
			throw AwsException.validation("Attempting to store more than 38 significant digits in a Number");
		}
		BigDecimal abs = n.abs();
		if (abs.compareTo(MAX_MAGNITUDE) > 0) {
			throw AwsException.validation(
					"Number overflow. Attempting to store a number with magnitude larger than supported range");
		}
		if (abs.compareTo(MIN_MAGNITUDE) < 0) {
			throw AwsException.validation(
					"Number underflow. Attempting to store a number with magnitude smaller than supported range");
		}
		return n;
	}

	/** Formats a number the way DynamoDB returns it: plain digits, never an exponent. */
	public static String formatNumber(BigDecimal n) {
		return n.toPlainString();
	}

	// ---------------------------------------------------------------- wire -> Value

	/** Reads an item ({@code {"name": {"S": "x"}, ...}}); {@code field} names the request field in errors. */
	public static Map<String, Value> item(Object json, String field) {
		return item(json, field, 1, MAX_NESTING_LEVELS);
	}

	/** Reads an item written by this emulator (the journal): no nesting limit, so nothing stored is ever refused. */
	public static Map<String, Value> storedItem(Object json, String field) {
		return item(json, field, 1, UNLIMITED);
	}

	private static Map<String, Value> item(Object json, String field, int level, int maxLevel) {
		if (!(json instanceof Map<?, ?> map)) {
			throw AwsException.serialization("Unexpected value type in " + field + ": expected a map of attribute values");
		}
		Map<String, Value> item = new LinkedHashMap<>(map.size() * 2);
		for (Map.Entry<?, ?> e : map.entrySet()) {
			String name = (String) e.getKey();
			if (name.isEmpty()) {
				throw AwsException.validation("One or more parameter values were invalid: An attribute name in " + field
						+ " is empty");
			}
			if (name.length() > MAX_ATTRIBUTE_NAME_BYTES / 3 && utf8Length(name) > MAX_ATTRIBUTE_NAME_BYTES) {
				throw AwsException.validation("One or more parameter values were invalid: An attribute name in " + field
						+ " is longer than 65535 bytes");
			}
			item.put(name, value(e.getValue(), field + "." + name, level, maxLevel));
		}
		return item;
	}

	/** Reads one attribute value; {@code where} names it in error messages. */
	public static Value value(Object json, String where) {
		return value(json, where, 1, MAX_NESTING_LEVELS);
	}

	private static Value value(Object json, String where, int level, int maxLevel) {
		if (level > maxLevel) {
			throw nestedTooDeep();
		}
		if (!(json instanceof Map<?, ?> map)) {
			throw AwsException.serialization("Unexpected value type for " + where + ": expected an attribute value object");
		}
		if (map.size() != 1) {
			throw AwsException.validation("Supplied AttributeValue has " + (map.isEmpty() ? "no" : "more than one")
					+ " datatypes set, must contain exactly one of the supported datatypes (" + where + ")");
		}
		Map.Entry<?, ?> e = map.entrySet().iterator().next();
		String type = (String) e.getKey();
		Object v = e.getValue();
		return switch (type) {
			case "S" -> new Value.S(string(v, where));
			case "N" -> new Value.N(parseNumber(string(v, where)));
			case "B" -> binary(v, where);
			case "BOOL" -> {
				if (!(v instanceof Boolean b)) {
					throw AwsException.serialization("BOOL of " + where + " must be a boolean");
				}
				yield new Value.Bool(b);
			}
			case "NULL" -> {
				if (!Boolean.TRUE.equals(v)) {
					throw AwsException.validation("One or more parameter values were invalid: Null attribute value types must have the value of true ("
							+ where + ")");
				}
				yield new Value.Null();
			}
			case "SS" -> {
				Set<String> set = new LinkedHashSet<>();
				for (Object o : list(v, where)) {
					if (!set.add(string(o, where))) {
						throw duplicateInSet(where);
					}
				}
				yield new Value.SS(nonEmptySet(set, where));
			}
			case "NS" -> {
				Set<BigDecimal> set = new LinkedHashSet<>();
				for (Object o : list(v, where)) {
					if (!set.add(parseNumber(string(o, where)))) {
						throw duplicateInSet(where);
					}
				}
				yield new Value.NS(nonEmptySet(set, where));
			}
			case "BS" -> {
				Set<Value.B> set = new LinkedHashSet<>();
				for (Object o : list(v, where)) {
					if (!set.add(binary(o, where))) {
						throw duplicateInSet(where);
					}
				}
				yield new Value.BS(nonEmptySet(set, where));
			}
			case "L" -> {
				List<Object> raw = list(v, where);
				List<Value> out = new ArrayList<>(raw.size());
				for (int i = 0; i < raw.size(); i++) {
					out.add(value(raw.get(i), where + "[" + i + "]", level + 1, maxLevel));
				}
				yield new Value.L(out);
			}
			case "M" -> {
				if (!(v instanceof Map<?, ?>)) {
					throw AwsException.serialization("M of " + where + " must be an object");
				}
				yield new Value.M(item(v, where, level + 1, maxLevel));
			}
			default -> throw AwsException.serialization("Unknown attribute value type '" + type + "' for " + where);
		};
	}

	public static AwsException nestedTooDeep() {
		return AwsException.validation("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels"
				+ " beyond supported limit");
	}

	/** Refuses an item (the result of a write) whose values nest deeper than DynamoDB allows. */
	public static void checkNesting(Map<String, Value> item) {
		for (Value v : item.values()) {
			if ((v instanceof Value.M || v instanceof Value.L) && deepestLevel(v, 1) > MAX_NESTING_LEVELS) {
				throw nestedTooDeep();
			}
		}
	}

	/** The level of the deepest value inside {@code value}, which sits at {@code level}; stops counting past the limit. */
	private static int deepestLevel(Value value, int level) {
		if (level > MAX_NESTING_LEVELS) {
			return level;
		}
		int deepest = level;
		if (value instanceof Value.M m) {
			for (Value v : m.values().values()) {
				deepest = Math.max(deepest, deepestLevel(v, level + 1));
			}
		}
		else if (value instanceof Value.L l) {
			for (Value v : l.values()) {
				deepest = Math.max(deepest, deepestLevel(v, level + 1));
			}
		}
		return deepest;
	}

	private static AwsException duplicateInSet(String where) {
		return AwsException.validation("One or more parameter values were invalid: Input collection contains duplicates ("
				+ where + ")");
	}

	private static <T> Set<T> nonEmptySet(Set<T> set, String where) {
		if (set.isEmpty()) {
			throw AwsException.validation("One or more parameter values were invalid: An number set  may not be empty"
					.replace("An number set ", "A set") + " (" + where + ")");
		}
		return set;
	}

	private static String string(Object v, String where) {
		if (!(v instanceof String s)) {
			throw AwsException.serialization("Unexpected value type for " + where + ": expected a string");
		}
		return s;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object v, String where) {
		if (!(v instanceof List<?>)) {
			throw AwsException.serialization("Unexpected value type for " + where + ": expected a list");
		}
		return (List<Object>) v;
	}

	private static Value.B binary(Object v, String where) {
		try {
			return new Value.B(Base64.getMimeDecoder().decode(string(v, where)));
		}
		catch (IllegalArgumentException ex) {
			throw AwsException.serialization("Base64 encoded binary value of " + where + " is invalid");
		}
	}

	// ---------------------------------------------------------------- Value -> wire

	public static Map<String, Object> toJson(Map<String, Value> item) {
		Map<String, Object> out = new LinkedHashMap<>(item.size() * 2);
		item.forEach((k, v) -> out.put(k, toJson(v)));
		return out;
	}

	public static Map<String, Object> toJson(Value value) {
		Object wire;
		if (value instanceof Value.S s) {
			wire = s.value();
		}
		else if (value instanceof Value.N n) {
			wire = formatNumber(n.value());
		}
		else if (value instanceof Value.B b) {
			wire = Base64.getEncoder().encodeToString(b.value());
		}
		else if (value instanceof Value.Bool b) {
			wire = b.value();
		}
		else if (value instanceof Value.Null) {
			wire = Boolean.TRUE;
		}
		else if (value instanceof Value.SS ss) {
			wire = new ArrayList<>(ss.values());
		}
		else if (value instanceof Value.NS ns) {
			wire = ns.values().stream().map(Values::formatNumber).toList();
		}
		else if (value instanceof Value.BS bs) {
			wire = bs.values().stream().map(b -> Base64.getEncoder().encodeToString(b.value())).toList();
		}
		else if (value instanceof Value.L l) {
			wire = l.values().stream().map(Values::toJson).toList();
		}
		else {
			wire = toJson(((Value.M) value).values());
		}
		return Map.of(value.type(), wire);
	}

	/**
	 * {@link #toJson(Map)}, unmodifiable all the way down, in one pass: for wire forms that are kept and shared
	 * (stream records).
	 */
	public static Map<String, Object> toFrozenJson(Map<String, Value> item) {
		Map<String, Object> out = new LinkedHashMap<>(item.size() * 2);
		item.forEach((k, v) -> out.put(k, toFrozenJson(v)));
		return Collections.unmodifiableMap(out);
	}

	private static Map<String, Object> toFrozenJson(Value value) {
		if (value instanceof Value.M m) {
			return Map.of("M", toFrozenJson(m.values()));
		}
		if (value instanceof Value.L l) {
			List<Object> list = new ArrayList<>(l.values().size());
			for (Value v : l.values()) {
				list.add(toFrozenJson(v));
			}
			return Map.of("L", Collections.unmodifiableList(list));
		}
		if (value instanceof Value.SS ss) {
			return Map.of("SS", Collections.unmodifiableList(new ArrayList<>(ss.values())));
		}
		// scalars, and NS and BS (unmodifiable lists of strings)
		return toJson(value);
	}

	// ---------------------------------------------------------------- size and order

	/** The item size as DynamoDB counts it: names plus values, in bytes. */
	public static int itemSize(Map<String, Value> item) {
		int size = 0;
		for (Map.Entry<String, Value> e : item.entrySet()) {
			size += utf8Length(e.getKey()) + size(e.getValue());
		}
		return size;
	}

	public static int size(Value value) {
		if (value instanceof Value.S s) {
			return utf8Length(s.value());
		}
		if (value instanceof Value.N n) {
			return numberSize(n.value());
		}
		if (value instanceof Value.B b) {
			return b.value().length;
		}
		if (value instanceof Value.SS ss) {
			return ss.values().stream().mapToInt(Values::utf8Length).sum();
		}
		if (value instanceof Value.NS ns) {
			return ns.values().stream().mapToInt(Values::numberSize).sum();
		}
		if (value instanceof Value.BS bs) {
			return bs.values().stream().mapToInt(b -> b.value().length).sum();
		}
		if (value instanceof Value.L l) {
			return 3 + l.values().stream().mapToInt(v -> 1 + size(v)).sum();
		}
		if (value instanceof Value.M m) {
			return 3 + m.values().entrySet().stream().mapToInt(e -> 1 + utf8Length(e.getKey()) + size(e.getValue())).sum();
		}
		return 1;
	}

	private static int numberSize(BigDecimal n) {
		return (n.precision() + 1) / 2 + 1;
	}

	public static int utf8Length(String s) {
		int len = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < 0x80) {
				len++;
			}
			else if (c < 0x800) {
				len += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				len += 4;
				i++;
			}
			else {
				len += 3;
			}
		}
		return len;
	}

	/**
	 * Orders key values as DynamoDB sorts them: numbers by value, strings by their UTF-8 bytes,
	 * binary as unsigned bytes. Both values must have the same scalar type.
	 */
	public static int compare(Value a, Value b) {
		if (a instanceof Value.N x && b instanceof Value.N y) {
			return x.value().compareTo(y.value());
		}
		if (a instanceof Value.S x && b instanceof Value.S y) {
			return compareUtf8(x.value(), y.value());
		}
		if (a instanceof Value.B x && b instanceof Value.B y) {
			return java.util.Arrays.compareUnsigned(x.value(), y.value());
		}
		throw new IllegalArgumentException("cannot order " + a.type() + " and " + b.type());
	}

	/** Compares strings by UTF-8 byte order without encoding them (code point order equals UTF-8 order). */
	public static int compareUtf8(String a, String b) {
		// UTF-16 code unit order is code point order (UTF-8 byte order) up to the first difference, and also at it
		// unless a surrogate is involved: then, and only then, compare by code points
		int length = Math.min(a.length(), b.length());
		int k = 0;
		while (k < length && a.charAt(k) == b.charAt(k)) {
			k++;
		}
		if (k < length) {
			char x = a.charAt(k);
			char y = b.charAt(k);
			if (!Character.isSurrogate(x) && !Character.isSurrogate(y) && (k == 0 || !Character.isSurrogate(a.charAt(k - 1)))) {
				return x - y;
			}
		}
		else if (k == 0 || !Character.isSurrogate(a.charAt(k - 1))) {
			return a.length() - b.length();
		}
		return compareCodePoints(a, b);
	}

	private static int compareCodePoints(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

	public static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}
