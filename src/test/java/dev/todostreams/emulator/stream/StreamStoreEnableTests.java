package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.api.AwsException;

import static dev.todostreams.emulator.stream.StreamFixture.KEY_SCHEMA;
import static dev.todostreams.emulator.stream.StreamFixture.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamStoreEnableTests {

	private final StreamFixture f = new StreamFixture();

	@Test
	void enableCreatesLabelAndArnFromTheClock() {
		StreamStore.StreamInfo info = this.f.store.enable("Todos", "NEW_AND_OLD_IMAGES", KEY_SCHEMA);
		assertThat(info.label()).isEqualTo("2026-11-25T18:30:32.291");
		assertThat(info.arn()).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/Todos/stream/2026-11-25T18:30:32.291");
	}

	@Test
	void enableTwiceInTheSameMillisecondBumpsTheLabel() {
		StreamStore.StreamInfo first = this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		StreamStore.StreamInfo second = this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		StreamStore.StreamInfo third = this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		assertThat(first.label()).isEqualTo("2026-11-25T18:30:32.291");
		assertThat(second.label()).isEqualTo("2026-11-25T18:30:32.292");
		assertThat(third.label()).isEqualTo("2026-11-25T18:30:32.293");
		assertThat(second.arn()).isNotEqualTo(first.arn());
	}

	@Test
	void labelsOfDifferentTablesMayShareTheMillisecond() {
		StreamStore.StreamInfo todos = this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		StreamStore.StreamInfo other = this.f.store.enable("Other", "NEW_IMAGE", KEY_SCHEMA);
		assertThat(other.label()).isEqualTo(todos.label());
	}

	@Test
	void enableOpensOneShard() {
		String arn = this.f.enable("KEYS_ONLY");
		List<Map<String, Object>> shards = this.f.shards(arn);
		assertThat(shards).hasSize(1);
		assertThat((String) shards.get(0).get("ShardId")).matches("shardId-00000001795631432291-[0-9a-f]{8}");
		assertThat(shards.get(0)).doesNotContainKey("ParentShardId");
		@SuppressWarnings("unchecked")
		Map<String, Object> range = (Map<String, Object>) shards.get(0).get("SequenceNumberRange");
		assertThat((String) range.get("StartingSequenceNumber")).matches("\\d{21}");
		assertThat(range).doesNotContainKey("EndingSequenceNumber");
	}

	@Test
	void describeReportsTheStream() {
		String arn = this.f.enable("NEW_AND_OLD_IMAGES");
		Map<String, Object> description = this.f.description(arn);
		assertThat(description).containsEntry("StreamArn", arn)
			.containsEntry("StreamLabel", "2026-11-25T18:30:32.291")
			.containsEntry("StreamStatus", "ENABLED")
			.containsEntry("StreamViewType", "NEW_AND_OLD_IMAGES")
			.containsEntry("CreationRequestDateTime", new BigDecimal("1795631432.291"))
			.containsEntry("TableName", "Todos")
			.containsEntry("KeySchema", KEY_SCHEMA)
			.doesNotContainKey("LastEvaluatedShardId");
		assertThat(this.f.store.isEnabled(arn)).isTrue();
	}

	@Test
	void enableRefusesAnUnknownViewType() {
		assertThatThrownBy(() -> this.f.store.enable("Todos", "EVERYTHING", KEY_SCHEMA)).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("ValidationException");
	}

	@Test
	void disableClosesTheShardAndKeepsTheStreamListed() {
		String arn = this.f.enable("NEW_IMAGE");
		this.f.put(arn, "a");
		this.f.store.disable(arn);
		Map<String, Object> description = this.f.description(arn);
		assertThat(description).containsEntry("StreamStatus", "DISABLED");
		@SuppressWarnings("unchecked")
		Map<String, Object> range = (Map<String, Object>) this.f.shards(arn).get(0).get("SequenceNumberRange");
		List<Map<String, Object>> records = this.f.readAll(arn, this.f.shardId(arn, 0));
		assertThat(records).hasSize(1);
		assertThat(range).containsEntry("EndingSequenceNumber", StreamFixture.sequenceNumber(records.get(0)));
		assertThat(this.f.store.isEnabled(arn)).isFalse();
		assertThat(this.f.store.listStreams(req())).extracting("Streams").asList().hasSize(1);
	}

	@Test
	void disableTwiceIsHarmlessAndUnknownStreamIsAProgrammingError() {
		String arn = this.f.enable("NEW_IMAGE");
		this.f.store.disable(arn);
		this.f.store.disable(arn);
		assertThat(this.f.shards(arn)).hasSize(1);
		assertThatThrownBy(() -> this.f.store.disable(arn + "x")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void reEnablingCreatesANewStreamAndTheOldOneStaysDisabled() {
		String old = this.f.enable("NEW_IMAGE");
		this.f.store.disable(old);
		this.f.clock.advance(Duration.ofSeconds(1));
		String current = this.f.enable("KEYS_ONLY");
		assertThat(current).isNotEqualTo(old);
		assertThat(this.f.description(old)).containsEntry("StreamStatus", "DISABLED");
		assertThat(this.f.description(current)).containsEntry("StreamStatus", "ENABLED")
			.containsEntry("StreamViewType", "KEYS_ONLY");
	}

	@Test
	void emptyDisabledStreamDisappearsAfterRetention() {
		String arn = this.f.enable("NEW_IMAGE");
		this.f.store.disable(arn);
		this.f.clock.advance(Duration.ofHours(24));
		assertThat(this.f.store.listStreams(req())).extracting("Streams").asList().isEmpty();
		assertThatThrownBy(() -> this.f.description(arn)).isInstanceOf(AwsException.class)
			.hasMessage("Requested resource not found: Stream: " + arn + " not found");
	}
}
