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

class StreamStoreListStreamsTests {

	private final StreamFixture f = new StreamFixture();

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> streams(Map<String, Object> response) {
		return (List<Map<String, Object>>) response.get("Streams");
	}

	@Test
	void listsEveryStreamWithTableAndLabel() {
		StreamStore.StreamInfo todos = this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		StreamStore.StreamInfo leases = this.f.store.enable("Leases", "KEYS_ONLY", KEY_SCHEMA);
		Map<String, Object> response = this.f.store.listStreams(req());
		assertThat(streams(response)).containsExactlyInAnyOrder(
				Map.of("StreamArn", todos.arn(), "TableName", "Todos", "StreamLabel", todos.label()),
				Map.of("StreamArn", leases.arn(), "TableName", "Leases", "StreamLabel", leases.label()));
		assertThat(response).doesNotContainKey("LastEvaluatedStreamArn");
	}

	@Test
	void emptyStoreListsNothing() {
		assertThat(streams(this.f.store.listStreams(req()))).isEmpty();
	}

	@Test
	void filtersByTableName() {
		this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		this.f.store.enable("Leases", "NEW_IMAGE", KEY_SCHEMA);
		assertThat(streams(this.f.store.listStreams(req("TableName", "Leases")))).singleElement()
			.extracting(s -> s.get("TableName"))
			.isEqualTo("Leases");
	}

	@Test
	void pagesWithLimitAndExclusiveStart() {
		for (int i = 0; i < 5; i++) {
			this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
			this.f.clock.advance(Duration.ofMillis(1));
		}
		Map<String, Object> first = this.f.store.listStreams(req("Limit", BigDecimal.valueOf(2)));
		assertThat(streams(first)).hasSize(2);
		assertThat(first).containsEntry("LastEvaluatedStreamArn", streams(first).get(1).get("StreamArn"));
		Map<String, Object> second = this.f.store
			.listStreams(req("Limit", BigDecimal.valueOf(2), "ExclusiveStartStreamArn", first.get("LastEvaluatedStreamArn")));
		Map<String, Object> third = this.f.store
			.listStreams(req("Limit", BigDecimal.valueOf(2), "ExclusiveStartStreamArn", second.get("LastEvaluatedStreamArn")));
		assertThat(streams(second)).hasSize(2);
		assertThat(streams(third)).hasSize(1);
		assertThat(third).doesNotContainKey("LastEvaluatedStreamArn");
		assertThat(streams(first).get(0).get("StreamLabel")).isEqualTo("2026-11-25T18:30:32.291");
		assertThat(streams(third).get(0).get("StreamLabel")).isEqualTo("2026-11-25T18:30:32.295");
	}

	@Test
	void exactlyFullPageHasNoLastEvaluatedArn() {
		this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		this.f.store.enable("Todos", "NEW_IMAGE", KEY_SCHEMA);
		assertThat(this.f.store.listStreams(req("Limit", BigDecimal.valueOf(2)))).doesNotContainKey("LastEvaluatedStreamArn");
	}

	@Test
	void refusesLimitOutOfRange() {
		assertThatThrownBy(() -> this.f.store.listStreams(req("Limit", BigDecimal.ZERO))).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("ValidationException");
		assertThatThrownBy(() -> this.f.store.listStreams(req("Limit", BigDecimal.valueOf(101))))
			.isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("ValidationException");
	}

	@Test
	void refusesLimitOfTheWrongType() {
		assertThatThrownBy(() -> this.f.store.listStreams(req("Limit", "10"))).isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("SerializationException");
	}
}
