package dev.todostreams.live;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One processed change of a todo as the browser sees it.
 *
 * @param id the change's position in the change log (also the SSE event id); null until it is in the log
 * @param todoId the todo's id
 * @param operation INSERT, MODIFY or REMOVE
 * @param from the status before, null for a creation
 * @param to the status after, null for a deletion
 * @param task the task (after the change, or before a deletion)
 * @param dueDate the due date as stored, e.g. {@code 2024-03-25}
 * @param version the todo's version after the change, so a client can ignore what it knows already
 * @param expired true when DynamoDB's TTL removed the todo
 * @param eventId the stream record's eventID
 * @param at when DynamoDB applied the write (approximate)
 * @param deliveries the webhook deliveries this change caused, null while not (yet) known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEvent(@Nullable String id, String todoId, String operation, @Nullable String from, @Nullable String to,
		@Nullable String task, @Nullable String dueDate, @Nullable Long version, @Nullable Boolean expired,
		String eventId, Instant at, @Nullable List<DeliveryOutcome> deliveries) {

	public ChangeEvent {
		deliveries = (deliveries != null) ? List.copyOf(deliveries) : null;
	}

	/** Whether the status changed (creations and deletions included). */
	public boolean statusChanged() {
		return (this.from == null) ? this.to != null : !this.from.equals(this.to);
	}

	ChangeEvent withId(String id) {
		return new ChangeEvent(id, this.todoId, this.operation, this.from, this.to, this.task, this.dueDate,
				this.version, this.expired, this.eventId, this.at, this.deliveries);
	}

	/** This change with only the deliveries {@code visible} lets through (a viewer sees their own subscriptions'). */
	ChangeEvent visibleTo(Predicate<DeliveryOutcome> visible) {
		return (this.deliveries == null) ? this
				: withDeliveries(this.deliveries.stream().filter(visible).toList());
	}

	ChangeEvent withDeliveries(List<DeliveryOutcome> deliveries) {
		return new ChangeEvent(this.id, this.todoId, this.operation, this.from, this.to, this.task, this.dueDate,
				this.version, this.expired, this.eventId, this.at, deliveries);
	}

	/**
	 * A webhook delivery caused by a change and where it stands.
	 *
	 * @param id the delivery's {@code webhook-id}
	 * @param subscriptionId the subscription it goes to
	 * @param url the receiver
	 * @param state pending, delivered or failed
	 * @param attempts attempts so far
	 * @param statusCode the receiver's status code on the last attempt, if any
	 * @param error what went wrong on the last attempt, if anything
	 * @param owner the principal owning the subscription (never sent: it decides who sees the outcome)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record DeliveryOutcome(String id, String subscriptionId, String url, String state, int attempts,
			@Nullable Integer statusCode, @Nullable String error, @JsonIgnore @Nullable String owner) {

		boolean settled() {
			return !"pending".equals(this.state);
		}

	}

}
