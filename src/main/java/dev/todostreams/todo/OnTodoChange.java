package dev.todostreams.todo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles changes of some fields of todos, e.g.
 * {@code @OnTodoChange(fields = TodoField.DUE_DATE) void rescheduled(TodoChange change)}.
 * <p>
 * The method takes a {@link TodoChange} (the typed diff: which fields changed, old and new values), optionally
 * followed by the {@link dev.todostreams.stream.ItemChange}. It is called for every write that changes at least one
 * of {@link #fields()}; a creation sets, a deletion removes every field the todo has. Same guarantees as
 * {@link OnStatusChange}: at least once per change, through the idempotency store effective once per (eventId,
 * {@link #id()}); returning means handled, throwing means retry, then dead letter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnTodoChange {

	/** The fields to watch; any of them changing calls the method. Empty: every change of a todo. */
	TodoField[] fields();

	/**
	 * Stable handler id used for idempotency and dead letters. Defaults to {@code SimpleClassName#method}; set it
	 * before renaming a class or method, or changes already handled would run again.
	 */
	String id() default "";

}
