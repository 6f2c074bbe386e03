package dev.todostreams.stream;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Equality of DynamoDB attribute values by meaning rather than by representation: numbers by value, sets
 * without order, maps and lists element by element.
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
