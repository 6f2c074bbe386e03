package dev.todostreams.todo;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A todo as the API shows it. The DynamoDB item has the same fields in PascalCase ({@code TodoID}, {@code Task},
 * ...). {@code createdAt}/{@code updatedAt} are absent only on items written by other tools.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Todo(String todoId, String task, @Nullable LocalDate dueDate, String status, long version,
		@Nullable Instant createdAt, @Nullable Instant updatedAt, @Nullable Instant expiresAt) {

	/** The strong entity tag of this version, e.g. {@code "3"}. */
	String eTag() {
		return "\"" + this.version + "\"";
	}

}
