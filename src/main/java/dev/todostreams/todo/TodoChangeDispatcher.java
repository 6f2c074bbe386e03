package dev.todostreams.todo;

import java.util.Optional;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import lombok.extern.slf4j.Slf4j;

/**
 * Bridges one {@link TodoChangeHandler} to the stream: an {@link ItemChangeListener} (with the handler's id) that
 * accepts only changes of the fields the handler watches and hands it the typed diff. Being a listener, it gets the
 * stream's guarantees: idempotency claims, retries, dead letters and replays.
 */
@Slf4j
public final class TodoChangeDispatcher extends HandlerDispatcher<TodoChangeHandler, TodoChange> {

	public TodoChangeDispatcher(TodoChangeHandler handler) {
		super(handler.id(), handler);
	}

	@Override
	Optional<TodoChange> relevant(ItemChange change) {
		return Optional.of(TodoChange.from(change)).filter(this.handler::matches);
	}

	@Override
	void dispatch(TodoChange todoChange, ItemChange change) throws Exception {
		this.handler.invoker().invoke(todoChange, change);
		log.info("Todo change handled: todo={} fields={} operation={} eventId={} handler={}", todoChange.todoId(),
				todoChange.changes().keySet(), todoChange.operation(), todoChange.eventId(), this.handler.id());
	}

	@Override
	public String toString() {
		return "TodoChangeDispatcher[" + this.handler.id() + " " + this.handler.fields() + "]";
	}

}
