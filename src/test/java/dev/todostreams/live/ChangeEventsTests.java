package dev.todostreams.live;

import java.time.Instant;
import java.util.Map;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChange.Operation;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeEventsTests {

	private static final Instant AT = Instant.parse("2024-03-25T10:15:30Z");

	private static final Map<String, AttributeValue> KEYS = Map.of("TodoID", AttributeValue.fromS("T1001"));

	@Test
	void aStatusChangeShowsBothStatusesAndTheNewTodo() {
		ChangeEvent event = ChangeEvents.from(new ItemChange("ev-1", Operation.MODIFY, KEYS,
				todo("In Progress", "Task 1", 1), todo("completed", "Task 1 (done)", 2), "100", AT, false));
		assertThat(event).isNotNull();
		assertThat(event.todoId()).isEqualTo("T1001");
		assertThat(event.operation()).isEqualTo("MODIFY");
		assertThat(event.from()).isEqualTo("In Progress");
		assertThat(event.to()).isEqualTo("completed");
		assertThat(event.task()).isEqualTo("Task 1 (done)");
		assertThat(event.dueDate()).isEqualTo("2024-03-25");
		assertThat(event.version()).isEqualTo(2L);
		assertThat(event.eventId()).isEqualTo("ev-1");
		assertThat(event.at()).isEqualTo(AT);
		assertThat(event.expired()).isNull();
		assertThat(event.deliveries()).isNull();
		assertThat(event.statusChanged()).isTrue();
	}

	@Test
	void anEditWithoutStatusChangeKeepsTheStatus() {
		ChangeEvent event = ChangeEvents.from(new ItemChange("ev-2", Operation.MODIFY, KEYS,
				todo("In Progress", "Old", 1), todo("In Progress", "New", 2), "101", AT, false));
		assertThat(event.from()).isEqualTo("In Progress");
		assertThat(event.to()).isEqualTo("In Progress");
		assertThat(event.statusChanged()).isFalse();
	}

	@Test
	void aCreationHasNoFromStatus() {
		ChangeEvent event = ChangeEvents.from(
				new ItemChange("ev-3", Operation.INSERT, KEYS, null, todo("Not Started", "Task", 1), "102", AT, false));
		assertThat(event.from()).isNull();
		assertThat(event.to()).isEqualTo("Not Started");
		assertThat(event.statusChanged()).isTrue();
	}

	@Test
	void aDeletionShowsTheOldTodoAndATtlExpiryIsMarked() {
		ChangeEvent deleted = ChangeEvents.from(
				new ItemChange("ev-4", Operation.REMOVE, KEYS, todo("completed", "Gone", 3), null, "103", AT, false));
		assertThat(deleted.from()).isEqualTo("completed");
		assertThat(deleted.to()).isNull();
		assertThat(deleted.task()).isEqualTo("Gone");
		assertThat(deleted.expired()).isNull();
		ChangeEvent expired = ChangeEvents.from(
				new ItemChange("ev-5", Operation.REMOVE, KEYS, todo("completed", "Gone", 3), null, "104", AT, true));
		assertThat(expired.expired()).isTrue();
	}

	@Test
	void anItemThatIsNoTodoIsNotShown() {
		Map<String, AttributeValue> other = Map.of("Id", AttributeValue.fromS("x"));
		assertThat(ChangeEvents.from(new ItemChange("ev-6", Operation.INSERT, other, null, other, "105", AT, false)))
			.isNull();
	}

	@Test
	void oddAttributeTypesDoNotBreakTheFeed() {
		Map<String, AttributeValue> odd = Map.of("TodoID", AttributeValue.fromS("T1001"), "Status",
				AttributeValue.fromN("3"), "Version", AttributeValue.fromS("one"));
		ChangeEvent event = ChangeEvents.from(new ItemChange("ev-7", Operation.INSERT, KEYS, null, odd, "106", AT, false));
		assertThat(event.to()).isNull();
		assertThat(event.version()).isNull();
	}

	private static Map<String, AttributeValue> todo(String status, String task, long version) {
		return Map.of("TodoID", AttributeValue.fromS("T1001"), "Task", AttributeValue.fromS(task), "DueDate",
				AttributeValue.fromS("2024-03-25"), "Status", AttributeValue.fromS(status), "Version",
				AttributeValue.fromN(Long.toString(version)));
	}

}
