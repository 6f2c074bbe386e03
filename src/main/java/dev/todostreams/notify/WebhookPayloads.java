package dev.todostreams.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.todostreams.todo.StatusChanged;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook body for a status change: {@code {"type","timestamp","data":{"todoId","from","to","todo","previous"}}}
 * where {@code todo} and {@code previous} are the {@link dev.todostreams.todo.Todo} record the REST API shows, read
 * from the stream's images by the todo schema ({@link dev.todostreams.todo.TodoTable#toTodo}).
 */
public final class WebhookPayloads {

	public static final String STATUS_CHANGED = "todo.status_changed";

	public static final String CREATED = "todo.created";

	public static final String DELETED = "todo.deleted";

	public static final String EXPIRED = "todo.expired";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WebhookPayloads() {
	}

	public static String type(StatusChanged event) {
		switch (event.cause()) {
			case CREATED:
				return CREATED;
			case DELETED:
				return DELETED;
			case EXPIRED:
				return EXPIRED;
			default:
				return STATUS_CHANGED;
		}
	}

	public static String body(StatusChanged event) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("todoId", event.todoId());
		data.put("from", event.from());
		data.put("to", event.to());
		data.put("todo", event.after());
		data.put("previous", event.before());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type(event));
		body.put("timestamp", event.occurredAt().toString());
		body.put("data", data);
		return JSON.writeValueAsString(body);
	}

}
