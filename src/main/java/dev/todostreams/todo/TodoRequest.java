package dev.todostreams.todo;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.OptBoolean;
import org.jspecify.annotations.Nullable;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/todos} and {@code PUT /api/todos/{id}}. Read-only fields a client sends back
 * ({@code todoId}, {@code version}, ...) are ignored.
 *
 * @param task what to do, 1 to 1000 characters
 * @param dueDate an ISO date such as {@code 2024-03-25}, optional
 * @param status one of the configured statuses; the default status when absent
 */
public record TodoRequest(@NotBlank(message = "must not be empty") @Size(max = TodoRequest.MAX_TASK_LENGTH,
		message = "must be at most {max} characters long") @Nullable String task,
		@JsonFormat(lenient = OptBoolean.FALSE) @Nullable LocalDate dueDate,
		@Nullable String status) {

	static final int MAX_TASK_LENGTH = 1000;

}
