package dev.todostreams.emulator.expr;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
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
		if (this.operator == null) {
			return true;
		}
		if (sortKeyValue == null) {
			return false;
		}
		Value first = this.rangeValues.get(0);
		if (this.operator == RangeOperator.BEGINS_WITH) {
			return Ops.beginsWith(sortKeyValue, first);
		}
		Integer order = Ops.order(sortKeyValue, first);
		if (order == null) {
			return false;
		}
		int c = order;
		switch (this.operator) {
			case EQ:
				return c == 0;
			case LT:
				return c < 0;
			case LE:
				return c <= 0;
			case GT:
				return c > 0;
			case GE:
				return c >= 0;
			default:
				if (c < 0) {
					return false;
				}
				Integer high = Ops.order(sortKeyValue, this.rangeValues.get(1));
				return high != null && high <= 0;
		}
	}

	/**
	 * Matches the condition to a key schema: when both conditions are equalities written in the other
	 * order, swaps them. Throws the ValidationException DynamoDB returns when the condition does not fit.
	 */
	public KeyCondition forKeySchema(String hashKey, @Nullable String rangeKey) {
		KeyCondition kc = this;
		if (!kc.hashName.equals(hashKey) && hashKey.equals(kc.rangeName) && kc.operator == RangeOperator.EQ) {
			kc = new KeyCondition(kc.rangeName, kc.rangeValues.get(0), kc.hashName, RangeOperator.EQ,
					List.of(kc.hashValue));
		}
		if (!kc.hashName.equals(hashKey)) {
			throw AwsException.validation("Query condition missed key schema element: " + hashKey);
		}
		if (kc.rangeName != null && !kc.rangeName.equals(rangeKey)) {
			throw AwsException.validation("Query key condition not supported");
		}
		return kc;
	}
}
