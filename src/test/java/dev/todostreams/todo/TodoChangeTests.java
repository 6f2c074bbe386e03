package dev.todostreams.todo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChange.Operation;
import dev.todostreams.stream.UnprocessableChangeException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TodoChangeTests {

	private static final Instant AT = Instant.parse("2024-03-20T10:15:30Z");

	private static final Map<String, AttributeValue> KEYS = Map.of("TodoID", AttributeValue.fromS("T1"));

	@Test
	void aMovedDueDateIsATypedChangeOfThatField() {
		TodoChange change = TodoChange.from(modify(item("In Progress", "2024-03-25", 1), item("In Progress", "2024-04-01", 2)));
		assertThat(change.todoId()).isEqualTo("T1");
		assertThat(change.changes().keySet()).containsExactly(TodoField.DUE_DATE, TodoField.VERSION);
		TodoChange.FieldChange due = change.change(TodoField.DUE_DATE).orElseThrow();
		assertThat(due.oldValue(LocalDate.class)).isEqualTo(LocalDate.of(2024, 3, 25));
		assertThat(due.newValue(LocalDate.class)).isEqualTo(LocalDate.of(2024, 4, 1));
		assertThat(change.change(TodoField.VERSION).orElseThrow().newValue(Long.class)).isEqualTo(2L);
		assertThat(change.changed(TodoField.STATUS)).isFalse();
		assertThat(change.before().dueDate()).isEqualTo(LocalDate.of(2024, 3, 25));
		assertThat(change.after().status()).isEqualTo("In Progress");
	}

	@Test
	void aStatusOnlyChangeDoesNotTouchTheDueDate() {
		TodoChange change = TodoChange.from(modify(item("In Progress", "2024-03-25", 1), item("completed", "2024-03-25", 2)));
		assertThat(change.changes().keySet()).containsExactly(TodoField.STATUS, TodoField.VERSION);
		assertThat(change.changed(TodoField.DUE_DATE)).isFalse();
		assertThat(change.change(TodoField.STATUS).orElseThrow())
			.isEqualTo(new TodoChange.FieldChange(TodoField.STATUS, "In Progress", "completed"));
	}

	@Test
	void removingTheDueDateIsAChangeToAbsent() {
		TodoChange change = TodoChange.from(modify(item("In Progress", "2024-03-25", 1), item("In Progress", null, 2)));
		assertThat(change.change(TodoField.DUE_DATE).orElseThrow())
			.isEqualTo(new TodoChange.FieldChange(TodoField.DUE_DATE, LocalDate.of(2024, 3, 25), null));
	}

	@Test
	void valuesAreComparedByMeaning() {
		Map<String, AttributeValue> before = item("In Progress", null, 1);
		Map<String, AttributeValue> after = new LinkedHashMap<>(before);
		after.put("Version", AttributeValue.fromN("1.0"));
		TodoChange change = TodoChange.from(modify(before, after));
		assertThat(change.changes()).isEmpty();
	}

	@Test
	void aCreationSetsEveryFieldItHasAndADeletionRemovesThem() {
		TodoChange created = TodoChange.from(new ItemChange("e1", Operation.INSERT, KEYS, null,
				item("Not Started", "2024-03-25", 1), "100", AT, false));
		assertThat(created.created()).isTrue();
		assertThat(created.before()).isNull();
		assertThat(created.changes().keySet()).containsExactly(TodoField.TODO_ID, TodoField.TASK, TodoField.DUE_DATE,
				TodoField.STATUS, TodoField.VERSION);
		assertThat(created.change(TodoField.DUE_DATE).orElseThrow().oldValue()).isNull();
		TodoChange expired = TodoChange.from(new ItemChange("e2", Operation.REMOVE, KEYS,
				item("completed", null, 3), null, "101", AT, true));
		assertThat(expired.deleted()).isTrue();
		assertThat(expired.expired()).isTrue();
		assertThat(expired.changed(TodoField.DUE_DATE)).isFalse();
		assertThat(expired.change(TodoField.STATUS).orElseThrow().newValue()).isNull();
		assertThat(expired.latest().status()).isEqualTo("completed");
	}

	@Test
	void attributesThatAreNoTodoFieldAreLeftOut() {
		Map<String, AttributeValue> before = item("In Progress", null, 1);
		Map<String, AttributeValue> after = new LinkedHashMap<>(before);
		after.put("Colour", AttributeValue.fromS("red"));
		assertThat(TodoChange.from(modify(before, after)).changes()).isEmpty();
	}

	@Test
	void anItemThatIsNoTodoIsUnprocessable() {
		Map<String, AttributeValue> other = Map.of("Id", AttributeValue.fromS("x"));
		ItemChange change = new ItemChange("e1", Operation.INSERT, other, null, other, "100", AT, false);
		assertThatThrownBy(() -> TodoChange.from(change)).isInstanceOf(UnprocessableChangeException.class)
			.hasMessageContaining("TodoID");
		assertThat(TodoChange.ofTodo(change)).isEmpty();
	}

	@Test
	void theDiffOfAChangeIsComputedOncePerThread() throws Exception {
		ItemChange change = modify(item("In Progress", "2024-03-25", 1), item("completed", "2024-03-25", 2));
		TodoChange first = TodoChange.from(change);
		assertThat(TodoChange.from(change)).isSameAs(first);
		assertThat(TodoChange.ofTodo(change)).containsSame(first);
		ItemChange equal = modify(item("In Progress", "2024-03-25", 1), item("completed", "2024-03-25", 2));
		assertThat(TodoChange.from(equal)).isNotSameAs(first).isEqualTo(first);
		TodoChange[] elsewhere = new TodoChange[1];
		Thread other = new Thread(() -> elsewhere[0] = TodoChange.from(change));
		other.start();
		other.join();
		assertThat(elsewhere[0]).isNotSameAs(first).isEqualTo(first);
	}

	@Test
	void theMappingIsTheRepositorysForEveryField() {
		Map<String, AttributeValue> item = item("completed", "2024-03-25", 4);
		item.put("CreatedAt", AttributeValue.fromS("2024-03-20T10:00:00Z"));
		item.put("UpdatedAt", AttributeValue.fromS("2024-03-21T10:00:00.5Z"));
		item.put("ExpiresAt", AttributeValue.fromN("1767225600"));
		Todo todo = TodoTable.toTodo(item);
		assertThat(todo).isEqualTo(new Todo("T1", "Write report", LocalDate.of(2024, 3, 25), "completed", 4,
				Instant.parse("2024-03-20T10:00:00Z"), Instant.parse("2024-03-21T10:00:00.5Z"),
				Instant.parse("2026-01-01T00:00:00Z")));
		for (TodoField field : TodoField.values()) {
			assertThat(item).as(field.name()).containsKey(field.attributeName());
			assertThat(TodoField.ofAttribute(field.attributeName())).contains(field);
			assertThat(field.valueIn(todo)).as(field.name()).isInstanceOf(field.type());
		}
	}

	@Test
	void unreadableValuesReadAsAbsent() {
		Map<String, AttributeValue> odd = Map.of("TodoID", AttributeValue.fromS("T1"), "Status",
				AttributeValue.fromN("3"), "DueDate", AttributeValue.fromS("soon"), "Version", AttributeValue.fromS("x"));
		Todo todo = TodoTable.toTodo(odd);
		assertThat(todo.status()).isEmpty();
		assertThat(todo.task()).isEmpty();
		assertThat(todo.dueDate()).isNull();
		assertThat(todo.version()).isZero();
	}

	private static ItemChange modify(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
		return new ItemChange("e1", Operation.MODIFY, KEYS, before, after, "100", AT, false);
	}

	static Map<String, AttributeValue> item(String status, @Nullable String dueDate, long version) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		item.put("TodoID", AttributeValue.fromS("T1"));
		item.put("Task", AttributeValue.fromS("Write report"));
		if (dueDate != null) {
			item.put("DueDate", AttributeValue.fromS(dueDate));
		}
		item.put("Status", AttributeValue.fromS(status));
		item.put("Version", AttributeValue.fromN(Long.toString(version)));
		return item;
	}

}
