package dev.todostreams.stream;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Equality of DynamoDB attribute values by meaning rather than by representation (numbers by value, sets
 * without order, maps and lists element by element), and their plain, JSON-ready form.
 */
public final class AttributeValues {

	private AttributeValues() {
	}

	public static boolean equivalent(@Nullable AttributeValue a, @Nullable AttributeValue b) {
		if (a == null || b == null) {
			return a == b;
		}
		AttributeValue.Type type = a.type();
		if (type != b.type()) {
			return false;
		}
		switch (type) {
			case S:
				return a.s().equals(b.s());
			case N:
				return numbersEqual(a.n(), b.n());
			case B:
				return a.b().equals(b.b());
			case BOOL:
				return a.bool().equals(b.bool());
			case NUL:
				return true;
			case SS:
				return new HashSet<>(a.ss()).equals(new HashSet<>(b.ss()));
			case NS:
				return numberSet(a.ns()).equals(numberSet(b.ns()));
			case BS:
				return new HashSet<SdkBytes>(a.bs()).equals(new HashSet<SdkBytes>(b.bs()));
			case M:
				return mapsEquivalent(a.m(), b.m());
			case L:
				return listsEquivalent(a.l(), b.l());
			default:
				return a.equals(b);
		}
	}

	public static boolean mapsEquivalent(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
		if (!a.keySet().equals(b.keySet())) {
			return false;
		}
		for (Map.Entry<String, AttributeValue> entry : a.entrySet()) {
			if (!equivalent(entry.getValue(), b.get(entry.getKey()))) {
				return false;
			}
		}
		return true;
	}

	static boolean listsEquivalent(List<AttributeValue> a, List<AttributeValue> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (!equivalent(a.get(i), b.get(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * An item or image as plain Java values ready for JSON: names in sorted order, each value as
	 * {@link #plain(AttributeValue)} gives it.
	 */
	public static @Nullable Map<String, @Nullable Object> plain(@Nullable Map<String, AttributeValue> image) {
		if (image == null) {
			return null;
		}
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		new TreeMap<>(image).forEach((name, value) -> result.put(name, plain(value)));
		return result;
	}

	/**
	 * A value as plain Java: S as a string, N as a {@link BigDecimal}, BOOL as a boolean, NULL as null, B as
	 * base64 text, sets as lists (binary ones of base64 text), L as a list and M as a map with sorted keys.
	 */
	public static @Nullable Object plain(AttributeValue value) {
		switch (value.type()) {
			case S:
				return value.s();
			case N:
				return new BigDecimal(value.n());
			case BOOL:
				return value.bool();
			case B:
				return base64(value.b());
			case SS:
				return value.ss();
			case NS:
				return value.ns().stream().map(BigDecimal::new).toList();
			case BS:
				return value.bs().stream().map(AttributeValues::base64).toList();
			case L:
				return value.l().stream().map(AttributeValues::plain).toList();
			case M:
				return plain(value.m());
			default:
				// NUL, and types newer than this SDK
				return null;
		}
	}

	private static String base64(SdkBytes bytes) {
		return Base64.getEncoder().encodeToString(bytes.asByteArray());
	}

	static boolean numbersEqual(String a, String b) {
		BigDecimal x = parse(a);
		BigDecimal y = parse(b);
		if (x == null || y == null) {
			return a.equals(b);
		}
		return x.compareTo(y) == 0;
	}

	private static Set<Object> numberSet(List<String> numbers) {
		Set<Object> set = new HashSet<>();
		for (String n : numbers) {
			BigDecimal value = parse(n);
			set.add((value != null) ? value.stripTrailingZeros() : n);
		}
		return set;
	}

	private static @Nullable BigDecimal parse(String number) {
		try {
			return new BigDecimal(number.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
