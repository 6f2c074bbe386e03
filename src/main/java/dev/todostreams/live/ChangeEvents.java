package dev.todostreams.live;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.todo.Todo;
import dev.todostreams.todo.TodoChange;
import org.jspecify.annotations.Nullable;

/**
 * Reads a todo's change into a {@link ChangeEvent}, through the todo schema ({@link TodoChange}, {@link Todo}): the
 * feed shows the same todo the REST API does.
 */
final class ChangeEvents {

	private ChangeEvents() {
	}

	/** The change as the feed shows it, or null when the item is no todo. */
	static @Nullable ChangeEvent from(ItemChange change) {
		TodoChange todoChange = TodoChange.ofTodo(change).orElse(null);
		if (todoChange == null) {
			return null;
		}
		Todo before = todoChange.before();
		Todo after = todoChange.after();
		Todo latest = todoChange.hasNoImage() ? null : todoChange.latest();
		return new ChangeEvent(null, todoChange.todoId(), change.operation().name(),
				(before != null) ? present(before.status()) : null, (after != null) ? present(after.status()) : null,
				(latest != null) ? present(latest.task()) : null,
				(latest != null && latest.dueDate() != null) ? latest.dueDate().toString() : null,
				(latest != null && latest.version() > 0) ? latest.version() : null,
				todoChange.expired() ? Boolean.TRUE : null, change.eventId(), change.approximateCreationTime(), null);
	}

	/** The schema reads a missing or non-string attribute as {@code ""}; the feed leaves it out. */
	private static @Nullable String present(String value) {
		return value.isEmpty() ? null : value;
	}

}
