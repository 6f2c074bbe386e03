package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.AwsException;

/** Reads and validates fields of a parsed DynamoDB Streams request, with AWS-style messages. */
final class RequestFields {

	private RequestFields() {
	}

	static String requiredString(Map<String, Object> request, String field) {
		String value = optionalString(request, field);
		if (value == null) {
			throw AwsException.validation("1 validation error detected: Value null at '" + memberName(field)
					+ "' failed to satisfy constraint: Member must not be null");
		}
		return value;
	}

	static @Nullable String optionalString(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected a string");
		}
		return text;
	}

	static int limit(Map<String, Object> request, int defaultValue, int max) {
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

	@SuppressWarnings("unchecked")
	static @Nullable Map<String, Object> optionalMap(Map<String, Object> request, String field) {
		Object value = request.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?>)) {
			throw AwsException.serialization("Unexpected value type for " + field + ": expected an object");
		}
		return (Map<String, Object>) value;
	}

	/** The member name AWS uses in validation messages: the field name with a lower-case first letter. */
	static String memberName(String field) {
		return Character.toLowerCase(field.charAt(0)) + field.substring(1);
	}
}
