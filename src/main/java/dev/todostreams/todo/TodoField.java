package dev.todostreams.todo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The fields of a todo, each with its item attribute ({@link TodoTable}) and its value in a {@link Todo}: what a
 * {@link TodoChange} reports as changed and what {@link OnTodoChange#fields()} subscribes to.
 */
public enum TodoField {

	/** {@code TodoID}, a {@link String}; the key, so it never changes within one item. */
	TODO_ID(TodoTable.ID, String.class, Todo::todoId),
	/** {@code Task}, a {@link String}. */
	TASK(TodoTable.TASK, String.class, Todo::task),
	/** {@code DueDate}, a {@link LocalDate} or absent. */
	DUE_DATE(TodoTable.DUE_DATE, LocalDate.class, Todo::dueDate),
	/** {@code Status}, a {@link String}. */
	STATUS(TodoTable.STATUS, String.class, Todo::status),
	/** {@code Version}, a {@link Long}; every write of the app increments it. */
	VERSION(TodoTable.VERSION, Long.class, Todo::version),
	/** {@code CreatedAt}, an {@link Instant}. */
	CREATED_AT(TodoTable.CREATED_AT, Instant.class, Todo::createdAt),
	/** {@code UpdatedAt}, an {@link Instant}; every write of the app sets it. */
	UPDATED_AT(TodoTable.UPDATED_AT, Instant.class, Todo::updatedAt),
	/** {@code ExpiresAt}, an {@link Instant} (stored in epoch seconds) or absent. */
	EXPIRES_AT(TodoTable.EXPIRES_AT, Instant.class, Todo::expiresAt);

	private final String attributeName;

	private final Class<?> type;

	private final Function<Todo, @Nullable Object> value;

	TodoField(String attributeName, Class<?> type, Function<Todo, @Nullable Object> value) {
		this.attributeName = attributeName;
		this.type = type;
		this.value = value;
	}

	/** The item attribute, e.g. {@code DueDate}. */
	public String attributeName() {
		return this.attributeName;
	}

	/** The Java type of {@link #valueIn(Todo)}. */
	public Class<?> type() {
		return this.type;
	}

	/** This field's value in a todo, null when absent. */
	public @Nullable Object valueIn(Todo todo) {
		return this.value.apply(todo);
	}

	/** The field stored in an attribute, empty for attributes that are no todo field. */
	public static Optional<TodoField> ofAttribute(String attributeName) {
		for (TodoField field : values()) {
			if (field.attributeName.equals(attributeName)) {
				return Optional.of(field);
			}
		}
		return Optional.empty();
	}

}
