package dev.todostreams.emulator.expr;

import java.util.Map;

import dev.todostreams.emulator.value.Value;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request. Every expression of the
 * request is parsed with the same context, which records which placeholders were used so that
 * {@link #checkAllUsed()} can reject unused ones as DynamoDB does.
 */
public final class ExpressionContext {

	public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
		throw new UnsupportedOperationException("expr: not built yet");
	}

	/** Throws ValidationException naming unused placeholders, e.g. "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}". */
	public void checkAllUsed() {
		throw new UnsupportedOperationException("expr: not built yet");
	}
}
