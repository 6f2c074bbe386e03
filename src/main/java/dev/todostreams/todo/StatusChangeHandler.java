package dev.todostreams.todo;

import dev.todostreams.stream.ItemChange;

/** One status-change handler: what it wants and how to call it. */
public record StatusChangeHandler(String id, StatusChangeFilter filter, Invoker invoker) {

	/** Calls the handler; may throw whatever the handler throws. */
	@FunctionalInterface
	public interface Invoker {

		/**
		 * @param event the status change
		 * @param changes the typed diff it was built from (other fields may have changed in the same write)
		 * @param change the stream record's change
		 */
		void invoke(StatusChanged event, TodoChange changes, ItemChange change) throws Exception;

	}

}
