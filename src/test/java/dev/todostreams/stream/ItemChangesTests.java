package dev.todostreams.stream;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import static dev.todostreams.stream.Av.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemChangesTests {

	private static final Instant AT = Instant.parse("2024-03-20T10:15:30Z");

	static Record record(String eventId, OperationType type, StreamRecord.Builder data) {
		return Record.builder().eventID(eventId).eventName(type).dynamodb(data.build()).build();
	}

	@Test
	void decodesAModifyWithBothImages() {
		ItemChange change = ItemChanges.from(record("e1", OperationType.MODIFY,
				StreamRecord.builder().keys(item("TodoID", s("T1")))
					.oldImage(item("TodoID", s("T1"), "Status", s("In Progress")))
					.newImage(item("TodoID", s("T1"), "Status", s("completed")))
					.sequenceNumber("000000000000000000101").approximateCreationDateTime(AT)));
		assertThat(change.eventId()).isEqualTo("e1");
		assertThat(change.operation()).isEqualTo(ItemChange.Operation.MODIFY);
		assertThat(change.keys()).containsEntry("TodoID", s("T1"));
		assertThat(change.oldValue("Status")).isEqualTo(s("In Progress"));
		assertThat(change.newValue("Status")).isEqualTo(s("completed"));
		assertThat(change.sequenceNumber()).isEqualTo("000000000000000000101");
		assertThat(change.approximateCreationTime()).isEqualTo(AT);
		assertThat(change.ttlExpired()).isFalse();
		assertThat(change.diff().changed()).containsOnlyKeys("Status");
	}

	@Test
	void insertHasNoOldImage() {
		ItemChange change = ItemChanges.from(record("e2", OperationType.INSERT, StreamRecord.builder()
			.keys(item("TodoID", s("T1"))).newImage(item("TodoID", s("T1"))).sequenceNumber("1")
			.approximateCreationDateTime(AT)));
		assertThat(change.oldImage()).isNull();
		assertThat(change.newImage()).isNotNull();
		assertThat(change.latestImage()).isEqualTo(change.newImage());
	}

	@Test
	void userDeleteIsNotATtlExpiry() {
		ItemChange change = ItemChanges.from(record("e3", OperationType.REMOVE, StreamRecord.builder()
			.keys(item("TodoID", s("T1"))).oldImage(item("TodoID", s("T1"))).sequenceNumber("2")
			.approximateCreationDateTime(AT)));
		assertThat(change.newImage()).isNull();
		assertThat(change.ttlExpired()).isFalse();
		assertThat(change.latestImage()).isEqualTo(change.oldImage());
	}

	@Test
	void removeByTheDynamoDbServiceIsATtlExpiry() {
		Record record = record("e4", OperationType.REMOVE, StreamRecord.builder().keys(item("TodoID", s("T1")))
			.oldImage(item("TodoID", s("T1"))).sequenceNumber("3").approximateCreationDateTime(AT)).toBuilder()
			.userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build())
			.build();
		assertThat(ItemChanges.from(record).ttlExpired()).isTrue();
	}

	@Test
	void anotherServicePrincipalIsNotATtlExpiry() {
		Record record = record("e5", OperationType.REMOVE, StreamRecord.builder().keys(item("TodoID", s("T1")))
			.sequenceNumber("3").approximateCreationDateTime(AT)).toBuilder()
			.userIdentity(Identity.builder().type("Service").principalId("example.amazonaws.com").build())
			.build();
		assertThat(ItemChanges.from(record).ttlExpired()).isFalse();
	}

	@Test
	void recordWithoutSequenceNumberIsUnprocessable() {
		assertThatThrownBy(() -> ItemChanges.from(record("e6", OperationType.INSERT,
				StreamRecord.builder().keys(item("TodoID", s("T1"))).approximateCreationDateTime(AT))))
			.isInstanceOf(UnprocessableChangeException.class)
			.hasMessageContaining("sequence number");
	}

	@Test
	void recordWithoutCreationTimeIsUnprocessable() {
		assertThatThrownBy(() -> ItemChanges.from(
				record("e7", OperationType.INSERT, StreamRecord.builder().sequenceNumber("9"))))
			.isInstanceOf(UnprocessableChangeException.class)
			.hasMessageContaining("ApproximateCreationDateTime");
	}

	@Test
	void recordWithUnknownEventNameIsUnprocessable() {
		Record record = Record.builder().eventID("e8").eventName("UPSERT")
			.dynamodb(StreamRecord.builder().sequenceNumber("1").approximateCreationDateTime(AT).build())
			.build();
		assertThatThrownBy(() -> ItemChanges.from(record)).isInstanceOf(UnprocessableChangeException.class)
			.hasMessageContaining("UPSERT");
	}

	@Test
	void itemChangeIsImmutable() {
		java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image = item("a", s("1"));
		ItemChange change = new ItemChange("e", ItemChange.Operation.INSERT, image, null, image, "1", AT, false);
		image.put("b", s("2"));
		assertThat(change.newImage()).containsOnlyKeys("a");
		assertThatThrownBy(() -> change.keys().put("x", s("y"))).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void onlyARemoveCanBeATtlExpiry() {
		assertThatThrownBy(() -> new ItemChange("e", ItemChange.Operation.MODIFY, item(), item(), item(), "1", AT,
				true))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
