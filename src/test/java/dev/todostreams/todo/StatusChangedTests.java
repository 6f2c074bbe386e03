package dev.todostreams.todo;

import java.util.Map;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.UnprocessableChangeException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static dev.todostreams.todo.StatusChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusChangedTests {

	@Test
	void updateOfTheStatusCarriesBothStatusesAndImages() {
		ItemChange change = modify("e1", "T1001", "In Progress", "completed");
		StatusChanged event = StatusChanged.from(change).orElseThrow();
		assertThat(event.todoId()).isEqualTo("T1001");
		assertThat(event.from()).isEqualTo("In Progress");
		assertThat(event.to()).isEqualTo("completed");
		assertThat(event.todo()).isEqualTo(change.newImage());
		assertThat(event.previous()).isEqualTo(change.oldImage());
		assertThat(event.cause()).isEqualTo(StatusChanged.Cause.UPDATED);
		assertThat(event.eventId()).isEqualTo("e1");
		assertThat(event.occurredAt()).isEqualTo(AT);
	}

	@Test
	void updateThatKeepsTheStatusIsNoStatusChange() {
		assertThat(StatusChanged.from(modify("e1", "T1", "completed", "completed"))).isEmpty();
	}

	@Test
	void creationIsAChangeFromNone() {
		StatusChanged event = StatusChanged.from(insert("e1", "T1", "Not Started")).orElseThrow();
		assertThat(event.from()).isNull();
		assertThat(event.to()).isEqualTo("Not Started");
		assertThat(event.previous()).isNull();
		assertThat(event.created()).isTrue();
		assertThat(event.deleted()).isFalse();
	}

	@Test
	void userDeleteIsAChangeToNone() {
		StatusChanged event = StatusChanged.from(remove("e1", "T1", "completed", false)).orElseThrow();
		assertThat(event.from()).isEqualTo("completed");
		assertThat(event.to()).isNull();
		assertThat(event.todo()).isNull();
		assertThat(event.cause()).isEqualTo(StatusChanged.Cause.DELETED);
		assertThat(event.deleted()).isTrue();
		assertThat(event.expired()).isFalse();
	}

	@Test
	void ttlExpiryIsToldApartFromADelete() {
		StatusChanged event = StatusChanged.from(remove("e1", "T1", "In Progress", true)).orElseThrow();
		assertThat(event.cause()).isEqualTo(StatusChanged.Cause.EXPIRED);
		assertThat(event.expired()).isTrue();
		assertThat(event.deleted()).isTrue();
		assertThat(event.to()).isNull();
	}

	@Test
	void missingStatusIsUnprocessable() {
		assertThatThrownBy(() -> StatusChanged.from(modify("e1", "T1", "In Progress", null)))
			.isInstanceOf(UnprocessableChangeException.class)
			.hasMessage("todo T1 has no Status");
	}

	@Test
	void statusOfTheWrongTypeIsUnprocessable() {
		Map<String, AttributeValue> image = Map.of("TodoID", AttributeValue.fromS("T1"), "Status",
				AttributeValue.fromN("2"));
		ItemChange change = new ItemChange("e1", ItemChange.Operation.INSERT,
				Map.of("TodoID", AttributeValue.fromS("T1")), null, image, "1", AT, false);
		assertThatThrownBy(() -> StatusChanged.from(change)).isInstanceOf(UnprocessableChangeException.class)
			.hasMessageContaining("type N, expected a string");
	}

	@Test
	void itemThatIsNoTodoIsUnprocessable() {
		ItemChange change = new ItemChange("e1", ItemChange.Operation.INSERT,
				Map.of("pk", AttributeValue.fromS("ORDER#1")), null, Map.of("pk", AttributeValue.fromS("ORDER#1")),
				"1", AT, false);
		assertThatThrownBy(() -> StatusChanged.from(change)).isInstanceOf(UnprocessableChangeException.class)
			.hasMessageContaining("not a todo");
	}

	@Test
	void numericTodoIdIsUnprocessable() {
		ItemChange change = new ItemChange("e1", ItemChange.Operation.INSERT,
				Map.of("TodoID", AttributeValue.fromN("7")), null, Map.of("TodoID", AttributeValue.fromN("7")), "1",
				AT, false);
		assertThatThrownBy(() -> StatusChanged.from(change)).isInstanceOf(UnprocessableChangeException.class);
	}

	@Test
	void aStatusChangeNeedsTwoDifferentStatuses() {
		assertThatThrownBy(() -> new StatusChanged("T1", "a", "a", null, null, StatusChanged.Cause.UPDATED, "e", AT))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
