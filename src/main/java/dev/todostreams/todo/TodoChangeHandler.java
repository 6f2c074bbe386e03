package dev.todostreams.todo;

import java.util.EnumSet;
import java.util.Set;

import dev.todostreams.stream.ItemChange;

/**
 * One todo-change handler: the fields it watches (empty: all) and how to call it.
 */
public record TodoChangeHandler(String id, Set<TodoField> fields, Invoker invoker) {

	public TodoChangeHandler {
		fields = fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
	}

	/** Whether a change concerns this handler. */
	public boolean matches(TodoChange change) {
		return this.fields.isEmpty() ? !change.changes().isEmpty() : change.changedAny(this.fields);
	}

	/** Calls the handler; may throw whatever the handler throws. */
	@FunctionalInterface
	public interface Invoker {

		void invoke(TodoChange change, ItemChange itemChange) throws Exception;

	}

}
