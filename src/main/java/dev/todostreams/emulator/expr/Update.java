package dev.todostreams.emulator.expr;

import java.util.Map;
import java.util.Set;

import dev.todostreams.emulator.value.Value;

/** A parsed UpdateExpression (or legacy AttributeUpdates). */
public interface Update {

	/** Returns the updated item as a new map; the argument is not modified. Absent item = empty map. */
	Map<String, Value> apply(Map<String, Value> item);

	/** The top-level attribute names this update may touch (to refuse updates of key attributes). */
	Set<String> topLevelAttributes();

	/**
	 * The paths this update names, for ReturnValues UPDATED_OLD / UPDATED_NEW: only those paths, nested paths as
	 * nested partial values (API Reference, UpdateItem, ReturnValues: "Returns only the updated attributes").
	 */
	default Projection updatedPaths() {
		return item -> {
			Map<String, Value> out = new java.util.LinkedHashMap<>();
			for (String name : topLevelAttributes()) {
				Value v = item.get(name);
				if (v != null) {
					out.put(name, v);
				}
			}
			return out;
		};
	}
}
