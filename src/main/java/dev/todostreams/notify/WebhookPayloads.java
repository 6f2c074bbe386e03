package dev.todostreams.notify;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.todostreams.stream.AttributeValues;
import dev.todostreams.todo.StatusChanged;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook body for a status change: {@code {"type","timestamp","data":{"todoId","from","to","todo","previous"}}}
 * with the todo images in the API's camelCase shape.
 */
public final class WebhookPayloads {

	public static final String STATUS_CHANGED = "todo.status_changed";

	public static final String CREATED = "todo.created";

	public static final String DELETED = "todo.deleted";

	public static final String EXPIRED = "todo.expired";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> FIELD_NAMES = Map.of("TodoID", "todoId", "Task", "task", "DueDate",
			"dueDate", "Status", "status", "Version", "version", "CreatedAt", "createdAt", "UpdatedAt", "updatedAt",
			"ExpiresAt", "expiresAt");

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
		data.put("todo", (event.todo() != null) ? todo(event.todo()) : null);
		data.put("previous", (event.previous() != null) ? todo(event.previous()) : null);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type(event));
		body.put("timestamp", event.occurredAt().toString());
		body.put("data", data);
		return JSON.writeValueAsString(body);
	}

	/** A todo image as the REST API shows a todo: camelCase names, numbers as numbers, ExpiresAt as an instant. */
	static Map<String, Object> todo(Map<String, AttributeValue> image) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (Map.Entry<String, AttributeValue> entry : new TreeMap<>(image).entrySet()) {
			String name = FIELD_NAMES.getOrDefault(entry.getKey(), lowerCamel(entry.getKey()));
			Object value = AttributeValues.plain(entry.getValue());
			if (name.equals("expiresAt") && value instanceof BigDecimal) {
				value = Instant.ofEpochSecond(((BigDecimal) value).longValue()).toString();
			}
			if (value != null) {
				out.put(name, value);
			}
		}
		Map<String, Object> ordered = new LinkedHashMap<>();
		for (String known : List.of("todoId", "task", "dueDate", "status", "version", "createdAt", "updatedAt",
				"expiresAt")) {
			if (out.containsKey(known)) {
				ordered.put(known, out.remove(known));
			}
		}
		ordered.putAll(out);
		return ordered;
	}

	private static String lowerCamel(String name) {
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

}
