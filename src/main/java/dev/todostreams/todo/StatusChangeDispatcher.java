package dev.todostreams.todo;

import java.util.Optional;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Bridges one {@link StatusChangeHandler} to the stream: an {@link ItemChangeListener} (with the handler's id) that
 * accepts only changes whose status transition the handler wants, builds the {@link StatusChanged} from the
 * change's typed diff ({@link TodoChange}: the handler runs when {@link TodoField#STATUS} changed) and logs every
 * handled change.
 */
@Slf4j
public final class StatusChangeDispatcher
		extends HandlerDispatcher<StatusChangeHandler, StatusChangeDispatcher.Transition> {

	public StatusChangeDispatcher(StatusChangeHandler handler) {
		super(handler.id(), handler);
	}

	@Override
	Optional<Transition> relevant(ItemChange change) {
		TodoChange changes = TodoChange.from(change);
		return StatusChanged.from(changes, change).map((event) -> new Transition(event, changes));
	}

	@Override
	boolean wanted(Transition transition) {
		return this.handler.filter().matches(transition.event().from(), transition.event().to());
	}

	@Override
	void dispatch(Transition transition, ItemChange change) throws Exception {
		this.handler.invoker().invoke(transition.event(), transition.changes(), change);
		logHandled(transition.event(), this.handler.id());
	}

	/** The log line of a handled status change (docs/STREAM-CONSUMER.md); also for listeners that are not handlers. */
	public static void logHandled(StatusChanged event, String handlerId) {
		log.info("Status change handled: todo={} from={} to={} cause={} eventId={} handler={}", event.todoId(),
				label(event.from()), label(event.to()), event.cause(), event.eventId(), handlerId);
	}

	private static String label(@Nullable String status) {
		return (status != null) ? "'" + status + "'" : OnStatusChange.NONE;
	}

	@Override
	public String toString() {
		return "StatusChangeDispatcher[" + this.handler.id() + " " + this.handler.filter() + "]";
	}

	/** A status change with the typed diff it was built from. */
	record Transition(StatusChanged event, TodoChange changes) {
	}

}
