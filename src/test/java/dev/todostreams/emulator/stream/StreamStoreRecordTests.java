package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.todostreams.emulator.stream.StreamFixture.dynamodb;
import static dev.todostreams.emulator.stream.StreamFixture.item;
import static dev.todostreams.emulator.stream.StreamFixture.key;
import static dev.todostreams.emulator.stream.StreamFixture.sequenceNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamStoreRecordTests {

	private final StreamFixture f = new StreamFixture();

	private Map<String, Object> onlyRecord(String arn) {
		List<Map<String, Object>> records = this.f.readAll(arn, this.f.shardId(arn, 0));
		assertThat(records).hasSize(1);
		return records.get(0);
	}

	@Test
	void insertRecordHasAllDynamoDbFields() {
		String arn = this.f.enable("NEW_AND_OLD_IMAGES");
		this.f.store.append(arn, "INSERT", key("a"), null, item("a", "new"), false);
		Map<String, Object> record = onlyRecord(arn);
		assertThat((String) record.get("eventID")).matches("[0-9a-f]{32}");
		assertThat(record).containsEntry("eventName", "INSERT")
			.containsEntry("eventVersion", "1.1")
			.containsEntry("eventSource", "aws:dynamodb")
			.containsEntry("awsRegion", "us-east-1")
			.doesNotContainKey("userIdentity");
		Map<String, Object> dynamodb = dynamodb(record);
		assertThat(dynamodb).containsEntry("ApproximateCreationDateTime", new BigDecimal("1795631432"))
			.containsEntry("Keys", Map.of("pk", Map.of("S", "a")))
			.containsEntry("NewImage",
					Map.of("pk", Map.of("S", "a"), "status", Map.of("S", "new"), "n", Map.of("N", "1.5")))
			.containsEntry("StreamViewType", "NEW_AND_OLD_IMAGES")
			.doesNotContainKey("OldImage");
		assertThat((String) dynamodb.get("SequenceNumber")).matches("\\d{21,40}");
		assertThat((BigDecimal) dynamodb.get("SizeBytes")).isEqualTo(BigDecimal.valueOf(3 + 13 + 2));
	}

	@Test
	void modifyWithBothImages() {
		String arn = this.f.enable("NEW_AND_OLD_IMAGES");
		this.f.store.append(arn, "MODIFY", key("a"), item("a", "old"), item("a", "new"), false);
		Map<String, Object> dynamodb = dynamodb(onlyRecord(arn));
		assertThat(dynamodb).containsKeys("OldImage", "NewImage");
		assertThat(((Map<?, ?>) dynamodb.get("OldImage")).get("status")).isEqualTo(Map.of("S", "old"));
	}

	@Test
	void keysOnlyViewOmitsBothImages() {
		String arn = this.f.enable("KEYS_ONLY");
		this.f.store.append(arn, "MODIFY", key("a"), item("a", "old"), item("a", "new"), false);
		Map<String, Object> dynamodb = dynamodb(onlyRecord(arn));
		assertThat(dynamodb).containsKey("Keys").doesNotContainKeys("OldImage", "NewImage");
		assertThat(dynamodb.get("SizeBytes")).isEqualTo(BigDecimal.valueOf(3));
	}

	@Test
	void newImageViewOmitsOldImage() {
		String arn = this.f.enable("NEW_IMAGE");
		this.f.store.append(arn, "MODIFY", key("a"), item("a", "old"), item("a", "new"), false);
		assertThat(dynamodb(onlyRecord(arn))).containsKey("NewImage").doesNotContainKey("OldImage");
	}

	@Test
	void oldImageViewOmitsNewImage() {
		String arn = this.f.enable("OLD_IMAGE");
		this.f.store.append(arn, "MODIFY", key("a"), item("a", "old"), item("a", "new"), false);
		assertThat(dynamodb(onlyRecord(arn))).containsKey("OldImage").doesNotContainKey("NewImage");
	}

	@Test
	void removeRecordHasOnlyTheOldImage() {
		String arn = this.f.enable("NEW_AND_OLD_IMAGES");
		this.f.store.append(arn, "REMOVE", key("a"), item("a", "old"), null, false);
		Map<String, Object> record = onlyRecord(arn);
		assertThat(record).containsEntry("eventName", "REMOVE");
		assertThat(dynamodb(record)).containsKey("OldImage").doesNotContainKey("NewImage");
	}

	@Test
	void ttlDeletionCarriesTheServiceIdentity() {
		String arn = this.f.enable("NEW_AND_OLD_IMAGES");
		this.f.store.append(arn, "REMOVE", key("a"), item("a", "old"), null, true);
		assertThat(onlyRecord(arn)).containsEntry("userIdentity",
				Map.of("Type", "Service", "PrincipalId", "dynamodb.amazonaws.com"));
	}

	@Test
	void approximateCreationTimeIsWholeSeconds() {
		String arn = this.f.enable("KEYS_ONLY");
		this.f.clock.advance(Duration.ofMillis(1750));
		this.f.put(arn, "a");
		assertThat(dynamodb(onlyRecord(arn))).containsEntry("ApproximateCreationDateTime", new BigDecimal("1795631434"));
	}

	@Test
	void sizeIsAtLeastOne() {
		String arn = this.f.enable("KEYS_ONLY");
		this.f.store.append(arn, "INSERT", Map.of(), null, null, false);
		assertThat(dynamodb(onlyRecord(arn))).containsEntry("SizeBytes", BigDecimal.ONE);
	}

	@Test
	void sequenceNumbersAndEventIdsAreUniqueAndIncreasing() {
		String arn = this.f.enable("KEYS_ONLY");
		for (int i = 0; i < 50; i++) {
			this.f.put(arn, "k" + i);
		}
		List<Map<String, Object>> records = this.f.readAll(arn, this.f.shardId(arn, 0));
		assertThat(records).hasSize(50);
		BigInteger previous = new BigInteger((String) ((Map<?, ?>) this.f.shards(arn).get(0).get("SequenceNumberRange"))
			.get("StartingSequenceNumber"));
		for (Map<String, Object> record : records) {
			BigInteger current = new BigInteger(sequenceNumber(record));
			assertThat(current).isGreaterThan(previous);
			previous = current;
		}
		assertThat(records).extracting(r -> r.get("eventID")).doesNotHaveDuplicates();
	}

	@Test
	void recordsAreUnmodifiable() {
		String arn = this.f.enable("NEW_IMAGE");
		this.f.put(arn, "a");
		Map<String, Object> record = onlyRecord(arn);
		assertThatThrownBy(() -> record.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> dynamodb(record).remove("Keys")).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void appendToUnknownStreamIsAProgrammingError() {
		assertThatThrownBy(() -> this.f.put("arn:aws:dynamodb:us-east-1:123456789012:table/X/stream/nope", "a"))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void appendToDisabledStreamIsAProgrammingError() {
		String arn = this.f.enable("NEW_IMAGE");
		this.f.store.disable(arn);
		assertThatThrownBy(() -> this.f.put(arn, "a")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void appendWithUnknownEventNameIsRefused() {
		String arn = this.f.enable("NEW_IMAGE");
		assertThatThrownBy(() -> this.f.store.append(arn, "UPSERT", key("a"), null, item("a", "x"), false))
			.isInstanceOf(IllegalArgumentException.class);
	}
}
