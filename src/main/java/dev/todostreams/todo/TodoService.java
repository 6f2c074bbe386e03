package dev.todostreams.todo;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import lombok.extern.slf4j.Slf4j;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/** The todo use cases: validation, status rules and TTL on top of {@link TodoRepository}. */
@Slf4j
class TodoService {

	/** IDs the API accepts from clients: the seed's {@code T1001} style and other short, URL-safe names. */
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private static final Set<String> READ_ONLY = Set.of("todoId", "version", "createdAt", "updatedAt", "expiresAt");

	private static final int MAX_ID_ATTEMPTS = 50;

	private final TodoRepository repository;

	private final TodoStatuses statuses;

	private final CursorCodec cursors;

	private final TodoProperties properties;

	private final Clock clock;

	TodoService(TodoRepository repository, TodoStatuses statuses, CursorCodec cursors, TodoProperties properties,
			Clock clock) {
		this.repository = repository;
		this.statuses = statuses;
		this.cursors = cursors;
		this.properties = properties;
		this.clock = clock;
	}

	Todo create(TodoRequest request) {
		Instant now = this.clock.instant();
		TodoRepository.Write write = write(request, now);
		for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
			String id = this.repository.nextId();
			Optional<Todo> created = this.repository.insert(id, write, now);
			if (created.isPresent()) {
				return created.get();
			}
			log.info("Todo ID {} was already taken by a PUT; using the next one", id);
		}
		throw new IllegalStateException("No free todo ID after " + MAX_ID_ATTEMPTS + " attempts");
	}

	Todo get(String id) {
		if (!ID.matcher(id).matches()) {
			throw TodoProblems.notFound(id);
		}
		return this.repository.find(id).orElseThrow(() -> TodoProblems.notFound(id));
	}

	TodoPage list(@Nullable String status, @Nullable Integer limit, @Nullable String cursor) {
		String filter = (status == null || status.isEmpty()) ? null : this.statuses.require(status);
		int pageSize = (limit != null) ? limit : this.properties.defaultPageSize();
		if (pageSize < 1 || pageSize > this.properties.maxPageSize()) {
			throw TodoProblems.badRequest("Invalid limit",
					"limit must be between 1 and " + this.properties.maxPageSize() + ".");
		}
		CursorCodec.Position from = null;
		if (cursor != null && !cursor.isEmpty()) {
			from = this.cursors.decode(cursor);
			if (!isFor(from, filter)) {
				throw TodoProblems.invalidCursor();
			}
		}
		TodoRepository.Slice slice = this.repository.list(filter, pageSize, from);
		return new TodoPage(slice.items(), (slice.next() != null) ? this.cursors.encode(slice.next()) : null);
	}

	TodoRepository.Replaced replace(String id, TodoRequest request, Precondition precondition) {
		requireValidId(id);
		Instant now = this.clock.instant();
		return this.repository.replace(id, write(request, now), precondition, now);
	}

	Todo patch(String id, JsonNode patch, Precondition precondition) {
		if (!ID.matcher(id).matches()) {
			throw TodoProblems.notFound(id);
		}
		Instant now = this.clock.instant();
		return this.repository.patch(id, changes(patch, now), precondition, now);
	}

	void delete(String id, Precondition precondition) {
		if (!ID.matcher(id).matches()) {
			throw TodoProblems.notFound(id);
		}
		this.repository.delete(id, precondition);
	}

	private TodoRepository.Write write(TodoRequest request, Instant now) {
		String status = this.statuses.require(request.status());
		String task = (request.task() != null) ? request.task() : "";
		return new TodoRepository.Write(task, checkYear(request.dueDate()), status,
				this.statuses.expiresAt(status, now));
	}

	/** Reads a JSON merge patch (RFC 7396) of a todo; null removes {@code dueDate}, other fields cannot be removed. */
	private TodoRepository.Changes changes(JsonNode patch, Instant now) {
		if (patch == null || !patch.isObject()) {
			throw TodoProblems.badRequest("Invalid patch",
					"A PATCH body must be a JSON object (JSON merge patch), e.g. {\"status\":\"completed\"}.");
		}
		String task = null;
		boolean changeDueDate = false;
		LocalDate dueDate = null;
		String status = null;
		for (Map.Entry<String, JsonNode> field : patch.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			switch (name) {
				case "task" -> task = task(value);
				case "dueDate" -> {
					changeDueDate = true;
					dueDate = dueDate(value);
				}
				case "status" -> {
					if (!value.isString()) {
						throw TodoProblems.invalid("status", value.isNull() ? "cannot be removed" : "must be a string");
					}
					status = this.statuses.require(value.stringValue());
				}
				default -> throw TodoProblems.invalid(name,
						READ_ONLY.contains(name) ? "is read-only" : "is not a field of a todo");
			}
		}
		boolean changeExpiresAt = status != null;
		Instant expiresAt = (status != null) ? this.statuses.expiresAt(status, now) : null;
		return new TodoRepository.Changes(task, changeDueDate, dueDate, status, changeExpiresAt, expiresAt);
	}

	private static String task(JsonNode value) {
		if (!value.isString()) {
			throw TodoProblems.invalid("task", value.isNull() ? "cannot be removed" : "must be a string");
		}
		String task = value.stringValue();
		if (task.isBlank()) {
			throw TodoProblems.invalid("task", "must not be empty");
		}
		if (task.length() > TodoRequest.MAX_TASK_LENGTH) {
			throw TodoProblems.invalid("task", "must be at most " + TodoRequest.MAX_TASK_LENGTH + " characters long");
		}
		return task;
	}

	private static @Nullable LocalDate dueDate(JsonNode value) {
		if (value.isNull()) {
			return null;
		}
		if (value.isString()) {
			try {
				return checkYear(LocalDate.parse(value.stringValue()));
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		throw TodoProblems.invalid("dueDate", "must be a date in ISO format, e.g. 2024-03-25");
	}

	/** Four-digit years only, so that due dates sort as strings in the index. */
	private static @Nullable LocalDate checkYear(@Nullable LocalDate date) {
		if (date != null && (date.getYear() < 1 || date.getYear() > 9999)) {
			throw TodoProblems.invalid("dueDate", "must be between 0001-01-01 and 9999-12-31");
		}
		return date;
	}

	private static void requireValidId(String id) {
		if (!ID.matcher(id).matches()) {
			throw TodoProblems.invalid("todoId",
					"must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit (e.g. T1001)");
		}
	}

	private static boolean isFor(CursorCodec.Position position, @Nullable String status) {
		if (status == null) {
			return TodoRepository.ALL_PHASE.equals(position.phase()) && position.status() == null;
		}
		return status.equals(position.status()) && (TodoRepository.INDEX_PHASE.equals(position.phase())
				|| TodoRepository.SCAN_PHASE.equals(position.phase()));
	}

}
