package dev.todostreams.emulator.expr;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Entry points that parse DynamoDB expressions and their legacy forms. Every parse error is an
 * {@code AwsException} of type ValidationException whose message names the problem the way DynamoDB does
 * (e.g. "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"SET =\"").
 */
public final class Expressions {

	private Expressions() {
	}

	public static Condition condition(String text, ExpressionContext ctx) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	public static Update update(String text, ExpressionContext ctx) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	public static Projection projection(String text, ExpressionContext ctx) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	public static KeyCondition keyCondition(String text, ExpressionContext ctx) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	/** Legacy {@code Expected} with {@code ConditionalOperator} (AND when null). */
	public static Condition expected(Map<String, Object> expected, @Nullable String conditionalOperator) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	/** Legacy {@code QueryFilter} / {@code ScanFilter} with {@code ConditionalOperator}. */
	public static Condition legacyFilter(Map<String, Object> filter, @Nullable String conditionalOperator) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	/** Legacy {@code AttributeUpdates} (PUT, ADD, DELETE). */
	public static Update attributeUpdates(Map<String, Object> attributeUpdates) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	/** Legacy {@code KeyConditions}. */
	public static KeyCondition keyConditions(Map<String, Object> keyConditions) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	/** Legacy {@code AttributesToGet}. */
	public static Projection attributesToGet(List<Object> names) {
		throw new UnsupportedOperationException("expr: not built yet");
	}
}
