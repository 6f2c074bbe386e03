package dev.todostreams.todo;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.UnprocessableChangeException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A todo's status changed: it was created (from none), updated, deleted by a user or expired by TTL (to none).
 *
 * @param todoId the todo's id
 * @param from the status before, null when the todo was created
 * @param to the status after, null when the todo was deleted or expired
 * @param todo the todo after the change (the stream's new image), null after a delete
 * @param previous the todo before the change (the stream's old image), null after a create
 * @param cause why the status changed
 * @param eventId the stream record's eventID
 * @param occurredAt when DynamoDB applied the write (approximate)
 */
public record StatusChanged(String todoId, @Nullable String from, @Nullable String to,
		@Nullable Map<String, AttributeValue> todo, @Nullable Map<String, AttributeValue> previous, Cause cause,
		String eventId, Instant occurredAt) {

	public StatusChanged {
		Objects.requireNonNull(todoId, "todoId");
		Objects.requireNonNull(cause, "cause");
		if (Objects.equals(from, to)) {
			throw new IllegalArgumentException("a status change needs two different statuses, got " + from);
		}
	}

	/**
	 * The status change an item change carries, if any.
	 * @throws UnprocessableChangeException when the item is no todo or its Status is missing or not a string
	 */
	public static Optional<StatusChanged> from(ItemChange change) {
		return from(TodoChange.from(change), change);
	}

	/**
	 * The status change in a todo's typed diff, if its {@link TodoField#STATUS} changed.
	 * @param changes the typed diff of {@code change}
	 * @param change the stream record's change (its images become {@link #todo()} and {@link #previous()})
	 * @throws UnprocessableChangeException when the todo's Status is missing or not a string
	 */
	public static Optional<StatusChanged> from(TodoChange changes, ItemChange change) {
		String todoId = changes.todoId();
		String from = (change.oldImage() != null) ? status(todoId, change.oldImage()) : null;
		String to = (change.newImage() != null) ? status(todoId, change.newImage()) : null;
		if (!changes.changed(TodoField.STATUS)) {
			return Optional.empty();
		}
		return Optional.of(new StatusChanged(todoId, from, to, change.newImage(), change.oldImage(), cause(changes),
				changes.eventId(), changes.occurredAt()));
	}

	/** The todo after the change as the API shows it, null after a delete. */
	public @Nullable Todo after() {
		return (this.todo != null) ? TodoTable.toTodo(this.todo) : null;
	}

	/** The todo before the change as the API shows it, null after a create. */
	public @Nullable Todo before() {
		return (this.previous != null) ? TodoTable.toTodo(this.previous) : null;
	}

	public boolean created() {
		return this.cause == Cause.CREATED;
	}

	public boolean deleted() {
		return this.cause == Cause.DELETED || this.cause == Cause.EXPIRED;
	}

	public boolean expired() {
		return this.cause == Cause.EXPIRED;
	}

	private static Cause cause(TodoChange change) {
		switch (change.operation()) {
			case INSERT:
				return Cause.CREATED;
			case REMOVE:
				return change.expired() ? Cause.EXPIRED : Cause.DELETED;
			default:
				return Cause.UPDATED;
		}
	}

	private static String status(String todoId, Map<String, AttributeValue> image) {
		AttributeValue status = image.get(TodoTable.STATUS);
		if (status == null) {
			throw new UnprocessableChangeException("todo " + todoId + " has no " + TodoTable.STATUS);
		}
		if (status.s() == null) {
			throw new UnprocessableChangeException(
					"todo " + todoId + " has a " + TodoTable.STATUS + " of type " + status.type() + ", expected a string");
		}
		return status.s();
	}

	/** Why a status changed. */
	public enum Cause {

		/** The todo was created. */
		CREATED,
		/** A user changed the status. */
		UPDATED,
		/** A user deleted the todo. */
		DELETED,
		/** DynamoDB's TTL process removed the todo after its ExpiresAt. */
		EXPIRED

	}

}
