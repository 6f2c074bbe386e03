package dev.todostreams.emulator.table;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Where state changes are recorded for a restart. {@link #atomically(Runnable)} groups the events of one
 * write (item, then its stream record) or of one transaction so that a crash keeps all of them or none.
 */
public interface ChangeLog extends Consumer<Map<String, Object>> {

	/** A change log that keeps nothing (in-memory emulator). */
	ChangeLog NONE = new ChangeLog() {

		@Override
		public void accept(Map<String, Object> event) {
		}

		@Override
		public boolean keepsEvents() {
			return false;
		}
	};

	/** False when events are thrown away, so callers can skip building them. */
	default boolean keepsEvents() {
		return true;
	}

	default void atomically(Runnable action) {
		action.run();
	}
}
