package dev.todostreams.todo;

import dev.todostreams.stream.ItemChange;

/** One status-change handler: what it wants and how to call it. */
public record StatusChangeHandler(String id, StatusChangeFilter filter, Invoker invoker) {

	/** Calls the handler; may throw whatever the handler throws. */
	@FunctionalInterface
	public interface Invoker {

		void invoke(StatusChanged event, ItemChange change) throws Exception;

	}

}
