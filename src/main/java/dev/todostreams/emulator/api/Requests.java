package dev.todostreams.emulator.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;


/** Typed access to request fields with DynamoDB's validation messages, for both the table and the stream operations. */
public final class Requests {

	private Requests() {
	}

	public static String required(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (value == null) {
			throw AwsException.validation("1 validation error detected: Value null at '" + lowerFirst(field)
					+ "' failed to satisfy constraint: Member must not be null");
		}
		if (!(value instanceof String s)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected a string");
		}
		return s;
	}

	public static @Nullable String string(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String s)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected a string");
		}
		return s;
	}

	public static String tableName(Map<String, Object> request) {
		return tableName(request, "TableName");
	}

	public static String tableName(Map<String, Object> request, String field) {
		String name = required(request, field);
		checkTableName(name, field);
		return name;
	}

	public static void checkTableName(String name, String field) {
		if (!isTableName(name)) {
			throw AwsException.validation("1 validation error detected: Value '" + name + "' at '" + lowerFirst(field)
					+ "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
					+ (name.length() < 3 || name.length() > 255 ? " and have length between 3 and 255" : ""));
		}
	}

	/** Whether {@code name} matches {@code [a-zA-Z0-9_.-]{3,255}}, without a regex matcher per request (a hot path). */
	private static boolean isTableName(String name) {
		int length = name.length();
		if (length < 3 || length > 255) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
					|| c == '-')) {
				return false;
			}
		}
		return true;
	}

	public static boolean bool(Map<String, Object> request, String field, boolean fallback) {
		Object value = request.get(field);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Boolean b)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected a boolean");
		}
		return b;
	}

	public static @Nullable Integer integer(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof BigDecimal n)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected a number");
		}
		try {
			return n.intValueExact();
		}
		catch (ArithmeticException ex) {
			throw AwsException.serialization("Value of " + field + " is not an integer");
		}
	}

	public static long longValue(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (!(value instanceof BigDecimal n)) {
			throw AwsException.validation("1 validation error detected: Value null at '" + lowerFirst(field)
					+ "' failed to satisfy constraint: Member must not be null");
		}
		return n.longValue();
	}

	@SuppressWarnings("unchecked")
	public static @Nullable Map<String, Object> map(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?>)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected an object");
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	public static @Nullable List<Object> list(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?>)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected a list");
		}
		return (List<Object>) value;
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> asMap(Object value, String where) {
		if (!(value instanceof Map<?, ?>)) {
			throw AwsException.serialization("Unexpected value type for " + where + ": expected an object");
		}
		return (Map<String, Object>) value;
	}

	public static String oneOf(Map<String, Object> request, String field, String fallback, String... allowed) {
		String value = string(request, field);
		if (value == null) {
			return fallback;
		}
		for (String a : allowed) {
			if (a.equals(value)) {
				return value;
			}
		}
		throw AwsException.validation("1 validation error detected: Value '" + value + "' at '" + lowerFirst(field)
				+ "' failed to satisfy constraint: Member must satisfy enum value set: " + List.of(allowed));
	}

	public static String lowerFirst(String s) {
		return Character.toLowerCase(s.charAt(0)) + s.substring(1);
	}

	/** The request's {@code Limit}: an integer from 1 to {@code max}, {@code defaultValue} when absent. */
	public static int limit(Map<String, Object> request, int defaultValue, int max) {
		Object value = request.get("Limit");
		if (value == null) {
			return defaultValue;
		}
		if (!(value instanceof Number number)) {
			throw AwsException.serialization("Unexpected value type for Limit: expected a number");
		}
		BigDecimal limit = (number instanceof BigDecimal decimal) ? decimal : new BigDecimal(number.toString());
		if (limit.signum() != 0 && limit.stripTrailingZeros().scale() > 0) {
			throw AwsException.serialization("Limit must be an integer");
		}
		if (limit.compareTo(BigDecimal.ONE) < 0) {
			throw AwsException.validation("1 validation error detected: Value '" + limit.toPlainString()
					+ "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
		}
		if (limit.compareTo(BigDecimal.valueOf(max)) > 0) {
			throw AwsException.validation("1 validation error detected: Value '" + limit.toPlainString()
					+ "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to " + max);
		}
		return limit.intValueExact();
	}
}
