package dev.todostreams.todo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles status changes of todos, e.g.
 * {@code @OnStatusChange(from = "In Progress", to = "completed") void done(StatusChanged event)}.
 * <p>
 * The method takes a {@link StatusChanged}, optionally followed by the {@link TodoChange} it was built from (what
 * else the write changed) or by the {@link dev.todostreams.stream.ItemChange}. For changes of other fields see
 * {@link OnTodoChange}.
 * It runs at least once per change and, through the idempotency store, takes effect once per (eventId,
 * {@link #id()}). Returning means handled; throwing means retry, then dead letter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnStatusChange {

	/** Matches any status and also no status (creation or deletion). */
	String ANY = "*";

	/** Matches the absence of a status: {@code from = NONE} is a creation, {@code to = NONE} a deletion. */
	String NONE = "(none)";

	/** Statuses before the change; any of them matches. */
	String[] from() default ANY;

	/** Statuses after the change; any of them matches. */
	String[] to() default ANY;

	/**
	 * Stable handler id used for idempotency and dead letters. Defaults to {@code SimpleClassName#method}; set it
	 * before renaming a class or method, or changes already handled would run again.
	 */
	String id() default "";

}
