package dev.todostreams.todo;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.todostreams.stream.ImageDiff;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.UnprocessableChangeException;
import org.jspecify.annotations.Nullable;

/**
 * What one write did to a todo, field by field: the typed diff of the stream record's two images. Which fields
 * changed comes from {@link ItemChange#diff()} (values compared by meaning, so {@code 1.0} equals {@code 1}); their
 * old and new values are the {@link Todo} fields. A creation changes every field it sets (from absent), a deletion
 * every field the todo had (to absent).
 *
 * @param todoId the todo's id
 * @param operation INSERT, MODIFY or REMOVE
 * @param expired true when DynamoDB's TTL removed the todo
 * @param before the todo before the write, null when it was created
 * @param after the todo after the write, null when it was deleted or expired
 * @param changes the fields that differ, in {@link TodoField} order
 * @param eventId the stream record's eventID
 * @param occurredAt when DynamoDB applied the write (approximate)
 */
public record TodoChange(String todoId, ItemChange.Operation operation, boolean expired, @Nullable Todo before,
		@Nullable Todo after, Map<TodoField, FieldChange> changes, String eventId, Instant occurredAt) {

	public TodoChange {
		Objects.requireNonNull(todoId, "todoId");
		Objects.requireNonNull(operation, "operation");
		changes = Collections.unmodifiableMap(changes.isEmpty() ? new EnumMap<>(TodoField.class)
				: new EnumMap<>(changes));
	}

	/**
	 * The typed diff of a change of a todo item.
	 * @throws UnprocessableChangeException when the item is no todo (no string {@code TodoID})
	 */
	public static TodoChange from(ItemChange change) {
		String todoId = TodoTable.todoId(change);
		if (todoId == null) {
			throw new UnprocessableChangeException(
					"item with keys " + change.keys().keySet() + " is not a todo: no string " + TodoTable.ID);
		}
		return of(todoId, change);
	}

	/** The typed diff, or empty when the item is no todo. */
	public static Optional<TodoChange> ofTodo(ItemChange change) {
		String todoId = TodoTable.todoId(change);
		return (todoId != null) ? Optional.of(of(todoId, change)) : Optional.empty();
	}

	/**
	 * The diff of the change this thread asked for last is kept: the processor hands one record to every listener
	 * on one thread (the change log, each status and field handler, each asking in {@code accepts} and again in
	 * {@code onChange}), so the diff of a record is computed once, not once per question.
	 */
	private static TodoChange of(String todoId, ItemChange change) {
		Last last = LAST.get();
		if (last != null && last.change() == change) {
			return last.result();
		}
		TodoChange result = compute(todoId, change);
		LAST.set(new Last(change, result));
		return result;
	}

	private static final ThreadLocal<@Nullable Last> LAST = new ThreadLocal<>();

	private record Last(ItemChange change, TodoChange result) {
	}

	private static TodoChange compute(String todoId, ItemChange change) {
		Todo before = (change.oldImage() != null) ? TodoTable.toTodo(change.oldImage()) : null;
		Todo after = (change.newImage() != null) ? TodoTable.toTodo(change.newImage()) : null;
		ImageDiff diff = change.diff();
		Map<TodoField, FieldChange> changes = new EnumMap<>(TodoField.class);
		for (String attribute : diff.attributeNames()) {
			TodoField.ofAttribute(attribute).ifPresent((field) -> changes.put(field, new FieldChange(field,
					(before != null) ? field.valueIn(before) : null, (after != null) ? field.valueIn(after) : null)));
		}
		return new TodoChange(todoId, change.operation(), change.ttlExpired(), before, after, changes,
				change.eventId(), change.approximateCreationTime());
	}

	/** Whether the write changed the field (set, removed or changed its value). */
	public boolean changed(TodoField field) {
		return this.changes.containsKey(field);
	}

	/** Whether the write changed any of the fields. */
	public boolean changedAny(Set<TodoField> fields) {
		return fields.stream().anyMatch(this::changed);
	}

	/** The field's old and new value, if the write changed it. */
	public Optional<FieldChange> change(TodoField field) {
		return Optional.ofNullable(this.changes.get(field));
	}

	/** The todo as the write left it, or as it was before a deletion. */
	public Todo latest() {
		return (this.after != null) ? this.after : Objects.requireNonNull(this.before,
				() -> "change " + this.eventId + " of todo " + this.todoId + " has no image");
	}

	/** Whether the stream record carried no image at all (a keys-only stream). */
	public boolean hasNoImage() {
		return this.before == null && this.after == null;
	}

	public boolean created() {
		return this.operation == ItemChange.Operation.INSERT;
	}

	public boolean deleted() {
		return this.operation == ItemChange.Operation.REMOVE;
	}

	/**
	 * One changed field.
	 *
	 * @param field which field
	 * @param oldValue its value before (of {@link TodoField#type()}), null when it was absent or the todo new
	 * @param newValue its value after, null when it was removed or the todo deleted
	 */
	public record FieldChange(TodoField field, @Nullable Object oldValue, @Nullable Object newValue) {

		/** The old value as the field's type, e.g. {@code change.oldValue(LocalDate.class)} for the due date. */
		public <T> @Nullable T oldValue(Class<T> type) {
			return type.cast(this.oldValue);
		}

		public <T> @Nullable T newValue(Class<T> type) {
			return type.cast(this.newValue);
		}

	}

}
