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
public final class StatusChangeDispatcher implements ItemChangeListener {

	private final StatusChangeHandler handler;

	public StatusChangeDispatcher(StatusChangeHandler handler) {
		this.handler = handler;
	}

	@Override
	public String id() {
		return this.handler.id();
	}

	@Override
	public boolean accepts(ItemChange change) {
		Optional<StatusChanged> event = StatusChanged.from(TodoChange.from(change), change);
		return event.isPresent() && this.handler.filter().matches(event.get().from(), event.get().to());
	}

	@Override
	public void onChange(ItemChange change) throws Exception {
		TodoChange changes = TodoChange.from(change);
		Optional<StatusChanged> event = StatusChanged.from(changes, change);
		if (event.isEmpty()) {
			return;
		}
		StatusChanged statusChanged = event.get();
		this.handler.invoker().invoke(statusChanged, changes, change);
		logHandled(statusChanged, this.handler.id());
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

}
