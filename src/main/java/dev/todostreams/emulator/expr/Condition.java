package dev.todostreams.emulator.expr;

import java.util.Map;

import dev.todostreams.emulator.value.Value;

/** A parsed ConditionExpression / FilterExpression (or legacy Expected / QueryFilter / ScanFilter). */
@FunctionalInterface
public interface Condition {

	/** Evaluates against an item; an absent item is an empty map. */
	boolean test(Map<String, Value> item);
}
