package dev.todostreams.emulator.expr;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;

/**
 * A parsed KeyConditionExpression (or legacy KeyConditions): equality on the partition key and an
 * optional condition on the sort key. The table engine checks the names against the key schema.
 */
public record KeyCondition(String hashName, Value hashValue, @Nullable String rangeName, @Nullable RangeOperator operator,
		List<Value> rangeValues) {

	public enum RangeOperator {
		EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH
	}

	/** True when the sort key value satisfies the range condition (always true without one). */
	public boolean matchesRange(@Nullable Value sortKeyValue) {
		throw new UnsupportedOperationException("expr: not built yet");
	}
}
