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

	static final String ID = "TodoID";

	static final String STATUS = "Status";

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
		String todoId = todoId(change);
		String from = (change.oldImage() != null) ? status(todoId, change.oldImage()) : null;
		String to = (change.newImage() != null) ? status(todoId, change.newImage()) : null;
		if (Objects.equals(from, to)) {
			return Optional.empty();
		}
		return Optional.of(new StatusChanged(todoId, from, to, change.newImage(), change.oldImage(), cause(change),
				change.eventId(), change.approximateCreationTime()));
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

	private static Cause cause(ItemChange change) {
		switch (change.operation()) {
			case INSERT:
				return Cause.CREATED;
			case REMOVE:
				return change.ttlExpired() ? Cause.EXPIRED : Cause.DELETED;
			default:
				return Cause.UPDATED;
		}
	}

	private static String todoId(ItemChange change) {
		AttributeValue id = change.keys().get(ID);
		if (id == null) {
			id = change.latestImage().get(ID);
		}
		if (id == null || id.s() == null) {
			throw new UnprocessableChangeException(
					"item with keys " + change.keys().keySet() + " is not a todo: no string " + ID);
		}
		return id.s();
	}

	private static String status(String todoId, Map<String, AttributeValue> image) {
		AttributeValue status = image.get(STATUS);
		if (status == null) {
			throw new UnprocessableChangeException("todo " + todoId + " has no " + STATUS);
		}
		if (status.s() == null) {
			throw new UnprocessableChangeException(
					"todo " + todoId + " has a " + STATUS + " of type " + status.type() + ", expected a string");
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
