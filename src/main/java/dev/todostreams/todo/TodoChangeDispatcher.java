package dev.todostreams.todo;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import lombok.extern.slf4j.Slf4j;

/**
 * Bridges one {@link TodoChangeHandler} to the stream: an {@link ItemChangeListener} (with the handler's id) that
 * accepts only changes of the fields the handler watches and hands it the typed diff. Being a listener, it gets the
 * stream's guarantees: idempotency claims, retries, dead letters and replays.
 */
@Slf4j
public final class TodoChangeDispatcher implements ItemChangeListener {

	private final TodoChangeHandler handler;

	public TodoChangeDispatcher(TodoChangeHandler handler) {
		this.handler = handler;
	}

	@Override
	public String id() {
		return this.handler.id();
	}

	@Override
	public boolean accepts(ItemChange change) {
		return this.handler.matches(TodoChange.from(change));
	}

	@Override
	public void onChange(ItemChange change) throws Exception {
		TodoChange todoChange = TodoChange.from(change);
		if (!this.handler.matches(todoChange)) {
			return;
		}
		this.handler.invoker().invoke(todoChange, change);
		log.info("Todo change handled: todo={} fields={} operation={} eventId={} handler={}", todoChange.todoId(),
				todoChange.changes().keySet(), todoChange.operation(), todoChange.eventId(), this.handler.id());
	}

	@Override
	public String toString() {
		return "TodoChangeDispatcher[" + this.handler.id() + " " + this.handler.fields() + "]";
	}

}
