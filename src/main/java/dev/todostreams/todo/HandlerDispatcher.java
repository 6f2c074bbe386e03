package dev.todostreams.todo;

import java.util.Optional;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;

/**
 * What {@link StatusChangeDispatcher} and {@link TodoChangeDispatcher} share: the handler's id is the listener's id,
 * and a change is handed on only when it carries something for the handler ({@link #relevant}).
 *
 * @param <H> the handler
 * @param <R> the handler's view of a change
 */
abstract sealed class HandlerDispatcher<H, R> implements ItemChangeListener
		permits StatusChangeDispatcher, TodoChangeDispatcher {

	private final String handlerId;

	final H handler;

	HandlerDispatcher(String handlerId, H handler) {
		this.handlerId = handlerId;
		this.handler = handler;
	}

	@Override
	public final String id() {
		return this.handlerId;
	}

	@Override
	public final boolean accepts(ItemChange change) {
		Optional<R> relevant = relevant(change);
		return relevant.isPresent() && wanted(relevant.get());
	}

	@Override
	public final void onChange(ItemChange change) throws Exception {
		Optional<R> relevant = relevant(change);
		if (relevant.isPresent()) {
			dispatch(relevant.get(), change);
		}
	}

	/** The handler's view of the change; empty when the change has nothing for it (then it is not called). */
	abstract Optional<R> relevant(ItemChange change);

	/** A further test in {@link #accepts} only, before the stream's bookkeeping; replays skip it. */
	boolean wanted(R relevant) {
		return true;
	}

	/** Calls the handler and logs the handled change. */
	abstract void dispatch(R relevant, ItemChange change) throws Exception;

}
