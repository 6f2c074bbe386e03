package dev.todostreams.emulator.expr;

import java.util.Map;

import dev.todostreams.emulator.value.Value;

/** A parsed ProjectionExpression (or legacy AttributesToGet). */
@FunctionalInterface
public interface Projection {

	/** Returns a new map holding only the projected (possibly nested) attributes. */
	Map<String, Value> apply(Map<String, Value> item);
}
