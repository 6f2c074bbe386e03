package dev.todostreams.todo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.todostreams.stream.ItemChange;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

final class StatusChangeFixtures {

	static final Instant AT = Instant.parse("2024-03-20T10:15:30Z");

	private StatusChangeFixtures() {
	}

	static Map<String, AttributeValue> todo(String id, @Nullable String status) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		item.put("TodoID", AttributeValue.fromS(id));
		item.put("Task", AttributeValue.fromS("Write report"));
		if (status != null) {
			item.put("Status", AttributeValue.fromS(status));
		}
		return item;
	}

	static ItemChange modify(String eventId, String id, @Nullable String from, @Nullable String to) {
		return new ItemChange(eventId, ItemChange.Operation.MODIFY, Map.of("TodoID", AttributeValue.fromS(id)),
				todo(id, from), todo(id, to), "100", AT, false);
	}

	static ItemChange insert(String eventId, String id, String status) {
		return new ItemChange(eventId, ItemChange.Operation.INSERT, Map.of("TodoID", AttributeValue.fromS(id)), null,
				todo(id, status), "100", AT, false);
	}

	static ItemChange remove(String eventId, String id, String status, boolean ttl) {
		return new ItemChange(eventId, ItemChange.Operation.REMOVE, Map.of("TodoID", AttributeValue.fromS(id)),
				todo(id, status), null, "100", AT, ttl);
	}

}
