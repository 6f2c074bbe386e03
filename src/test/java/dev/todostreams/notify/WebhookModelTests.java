package dev.todostreams.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.todostreams.todo.StatusChanged;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookModelTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void filterMatchesStatusesWildcardsAndAbsence() {
		WebhookFilter completed = new WebhookFilter(List.of("*"), List.of("completed"));
		assertThat(completed.matches("In Progress", "completed")).isTrue();
		assertThat(completed.matches("completed", "In Progress")).isFalse();
		assertThat(completed.matches(null, "completed")).as("a creation only when asked for").isFalse();
		WebhookFilter created = new WebhookFilter(List.of("(none)"), List.of("*"));
		assertThat(created.matches(null, "Not Started")).isTrue();
		assertThat(created.matches("Not Started", "completed")).isFalse();
		WebhookFilter deleted = new WebhookFilter(List.of("*"), List.of("(none)"));
		assertThat(deleted.matches("completed", null)).isTrue();
		assertThat(WebhookFilter.ALL_STATUS_CHANGES.matches("a", "b")).isTrue();
		assertThat(WebhookFilter.ALL_STATUS_CHANGES.matches(null, "b")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookFilter(List.of(), List.of("*")));
	}

	@Test
	void webhookIdIsStablePerEventAndSubscription() {
		String id = WebhookIds.of("event-1", "wh_a");
		assertThat(id).startsWith("msg_").isEqualTo(WebhookIds.of("event-1", "wh_a"));
		assertThat(id).isNotEqualTo(WebhookIds.of("event-1", "wh_b")).isNotEqualTo(WebhookIds.of("event-2", "wh_a"));
		assertThat(id).matches("msg_[A-Za-z0-9_-]{24}");
	}

	@Test
	void payloadHasTypeTimestampAndBothImagesInTheApiShape() {
		Map<String, AttributeValue> before = Map.of("TodoID", AttributeValue.fromS("T1001"), "Task",
				AttributeValue.fromS("Task 1"), "DueDate", AttributeValue.fromS("2024-03-25"), "Status",
				AttributeValue.fromS("In Progress"), "Version", AttributeValue.fromN("1"));
		Map<String, AttributeValue> after = new java.util.HashMap<>(before);
		after.put("Status", AttributeValue.fromS("completed"));
		after.put("Version", AttributeValue.fromN("2"));
		after.put("ExpiresAt", AttributeValue.fromN("1767225600"));
		StatusChanged event = new StatusChanged("T1001", "In Progress", "completed", after, before,
				StatusChanged.Cause.UPDATED, "ev1", Instant.parse("2026-01-01T10:00:00Z"));
		JsonNode body = JSON.readTree(WebhookPayloads.body(event));
		assertThat(body.get("type").stringValue()).isEqualTo("todo.status_changed");
		assertThat(body.get("timestamp").stringValue()).isEqualTo("2026-01-01T10:00:00Z");
		JsonNode data = body.get("data");
		assertThat(data.get("todoId").stringValue()).isEqualTo("T1001");
		assertThat(data.get("from").stringValue()).isEqualTo("In Progress");
		assertThat(data.get("to").stringValue()).isEqualTo("completed");
		assertThat(data.get("todo").get("status").stringValue()).isEqualTo("completed");
		assertThat(data.get("todo").get("version").asLong()).isEqualTo(2);
		assertThat(data.get("todo").get("expiresAt").stringValue()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(data.get("previous").get("dueDate").stringValue()).isEqualTo("2024-03-25");
		assertThat(data.get("previous").has("Status")).isFalse();
	}

	/** The body byte for byte as it was before the payload serialised the {@code Todo} record (issue 16). */
	@Test
	void payloadBodyIsPinned() {
		Map<String, AttributeValue> before = Map.of("TodoID", AttributeValue.fromS("T1001"), "Task",
				AttributeValue.fromS("Task 1"), "DueDate", AttributeValue.fromS("2024-03-25"), "Status",
				AttributeValue.fromS("In Progress"), "Version", AttributeValue.fromN("1"), "CreatedAt",
				AttributeValue.fromS("2026-01-01T09:00:00Z"), "UpdatedAt", AttributeValue.fromS("2026-01-01T09:00:00Z"));
		Map<String, AttributeValue> after = new java.util.HashMap<>(before);
		after.put("Status", AttributeValue.fromS("completed"));
		after.put("Version", AttributeValue.fromN("2"));
		after.put("UpdatedAt", AttributeValue.fromS("2026-01-01T10:00:00.123456Z"));
		after.put("ExpiresAt", AttributeValue.fromN("1767225600"));
		StatusChanged event = new StatusChanged("T1001", "In Progress", "completed", after, before,
				StatusChanged.Cause.UPDATED, "ev1", Instant.parse("2026-01-01T10:00:00Z"));
		assertThat(WebhookPayloads.body(event)).isEqualTo("""
				{"type":"todo.status_changed","timestamp":"2026-01-01T10:00:00Z","data":{"todoId":"T1001","from":"In Progress","to":"completed","todo":{"todoId":"T1001","task":"Task 1","dueDate":"2024-03-25","status":"completed","version":2,"createdAt":"2026-01-01T09:00:00Z","updatedAt":"2026-01-01T10:00:00.123456Z","expiresAt":"2026-01-01T00:00:00Z"},"previous":{"todoId":"T1001","task":"Task 1","dueDate":"2024-03-25","status":"In Progress","version":1,"createdAt":"2026-01-01T09:00:00Z","updatedAt":"2026-01-01T09:00:00Z"}}}""");
		Map<String, AttributeValue> created = Map.of("TodoID", AttributeValue.fromS("T1002"), "Task",
				AttributeValue.fromS("No due date"), "Status", AttributeValue.fromS("Not Started"), "Version",
				AttributeValue.fromN("1"), "CreatedAt", AttributeValue.fromS("2026-01-01T09:00:00Z"), "UpdatedAt",
				AttributeValue.fromS("2026-01-01T09:00:00Z"));
		assertThat(WebhookPayloads.body(new StatusChanged("T1002", null, "Not Started", created, null,
				StatusChanged.Cause.CREATED, "ev2", Instant.parse("2026-01-01T09:00:00Z")))).isEqualTo("""
				{"type":"todo.created","timestamp":"2026-01-01T09:00:00Z","data":{"todoId":"T1002","from":null,"to":"Not Started","todo":{"todoId":"T1002","task":"No due date","status":"Not Started","version":1,"createdAt":"2026-01-01T09:00:00Z","updatedAt":"2026-01-01T09:00:00Z"},"previous":null}}""");
	}

	@Test
	void eventTypeFollowsTheCause() {
		Map<String, AttributeValue> image = Map.of("TodoID", AttributeValue.fromS("T1"), "Status",
				AttributeValue.fromS("completed"));
		Instant at = Instant.parse("2026-01-01T10:00:00Z");
		assertThat(WebhookPayloads.type(new StatusChanged("T1", null, "completed", image, null,
				StatusChanged.Cause.CREATED, "e", at))).isEqualTo("todo.created");
		assertThat(WebhookPayloads.type(new StatusChanged("T1", "completed", null, null, image,
				StatusChanged.Cause.DELETED, "e", at))).isEqualTo("todo.deleted");
		StatusChanged expired = new StatusChanged("T1", "completed", null, null, image, StatusChanged.Cause.EXPIRED,
				"e", at);
		assertThat(WebhookPayloads.type(expired)).isEqualTo("todo.expired");
		assertThat(JSON.readTree(WebhookPayloads.body(expired)).get("data").get("todo").isNull()).isTrue();
	}

}
