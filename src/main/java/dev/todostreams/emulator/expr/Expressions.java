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

	/** Parses a ConditionExpression. */
	public static Condition condition(String text, ExpressionContext ctx) {
		return condition(text, ctx, "ConditionExpression");
	}

	/** Parses a condition; {@code kind} names it in errors ("ConditionExpression", "FilterExpression"). */
	public static Condition condition(String text, ExpressionContext ctx, String kind) {
		return new Parser(text, ctx, kind).parseCondition();
	}

	/** Parses a FilterExpression. */
	public static Condition filter(String text, ExpressionContext ctx) {
		return condition(text, ctx, "FilterExpression");
	}

	public static Update update(String text, ExpressionContext ctx) {
		Parser parser = new Parser(text, ctx, "UpdateExpression");
		return parser.parseUpdate();
	}

	public static Projection projection(String text, ExpressionContext ctx) {
		return new PathProjection(new Parser(text, ctx, "ProjectionExpression").parseProjection());
	}

	public static KeyCondition keyCondition(String text, ExpressionContext ctx) {
		return KeyConditions.fromTree(new Parser(text, ctx, "KeyConditionExpression").parseCondition());
	}

	/** Legacy {@code Expected} with {@code ConditionalOperator} (AND when null). */
	public static Condition expected(Map<String, Object> expected, @Nullable String conditionalOperator) {
		return Legacy.expected(expected, conditionalOperator);
	}

	/** Legacy {@code QueryFilter} / {@code ScanFilter} with {@code ConditionalOperator}. */
	public static Condition legacyFilter(Map<String, Object> filter, @Nullable String conditionalOperator) {
		return Legacy.filter(filter, conditionalOperator, "Filter");
	}

	/** Legacy {@code AttributeUpdates} (PUT, ADD, DELETE). */
	public static Update attributeUpdates(Map<String, Object> attributeUpdates) {
		return Legacy.attributeUpdates(attributeUpdates);
	}

	/** Legacy {@code KeyConditions}. */
	public static KeyCondition keyConditions(Map<String, Object> keyConditions) {
		return Legacy.keyConditions(keyConditions);
	}

	/** Legacy {@code AttributesToGet}. */
	public static Projection attributesToGet(List<Object> names) {
		return Legacy.attributesToGet(names);
	}
}
