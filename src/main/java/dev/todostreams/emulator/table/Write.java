package dev.todostreams.emulator.table;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.expr.Condition;
import dev.todostreams.emulator.expr.Update;
import dev.todostreams.emulator.value.Value;

/**
 * One parsed and validated write (Put, Update, Delete or ConditionCheck), ready to run under the write
 * lock. Parsing happens before the lock is taken, so a bad request never holds it.
 */
final class Write {

	enum Kind {
		PUT, UPDATE, DELETE, CONDITION_CHECK
	}

	final Kind kind;

	final Table table;

	final Key key;

	final @Nullable Condition condition;

	final @Nullable Map<String, Value> item;

	final @Nullable Update update;

	final String returnValuesOnConditionCheckFailure;

	Write(Kind kind, Table table, Key key, @Nullable Condition condition, @Nullable Map<String, Value> item,
			@Nullable Update update, String returnValuesOnConditionCheckFailure) {
		this.kind = kind;
		this.table = table;
		this.key = key;
		this.condition = condition;
		this.item = item;
		this.update = update;
		this.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure;
	}

	boolean conditionHolds(@Nullable Map<String, Value> current) {
		return condition == null || condition.test(current == null ? Map.of() : current);
	}

	/** The item after this write; null when the write deletes it. Throws for an update that breaks a key. */
	@Nullable Map<String, Value> apply(@Nullable Map<String, Value> current) {
		switch (kind) {
			case PUT:
				return item;
			case DELETE:
				return null;
			case CONDITION_CHECK:
				return current;
			default:
				Map<String, Value> base = current;
				if (base == null) {
					base = table.keyAttributes(key);
				}
				Map<String, Value> updated = update.apply(base);
				if (current == null && !update.topLevelAttributes().isEmpty() && updated.equals(base)) {
					// only REMOVE (or DELETE) actions on a missing item: DynamoDB creates nothing
					return null;
				}
				if (!(updated instanceof LinkedHashMap)) {
					updated = new LinkedHashMap<>(updated);
				}
				for (Index index : table.indexes.values()) {
					index.validate(updated);
				}
				return updated;
		}
	}

	AwsException conditionFailed(@Nullable Map<String, Value> current) {
		AwsException failure = AwsException.conditionalCheckFailed();
		if ("ALL_OLD".equals(returnValuesOnConditionCheckFailure) && current != null) {
			failure.with("Item", dev.todostreams.emulator.value.Values.toJson(current));
		}
		return failure;
	}
}
