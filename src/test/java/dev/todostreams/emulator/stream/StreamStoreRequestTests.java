package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.api.AwsException;

import static dev.todostreams.emulator.stream.StreamFixture.next;
import static dev.todostreams.emulator.stream.StreamFixture.records;
import static dev.todostreams.emulator.stream.StreamFixture.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request field handling shared by the operations, and reading at volume. */
class StreamStoreRequestTests {

	private final StreamFixture f = new StreamFixture();

	@Test
	void fieldOfTheWrongTypeIsASerializationError() {
		assertThatThrownBy(() -> this.f.store.describeStream(req("StreamArn", BigDecimal.ONE)))
			.isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("SerializationException");
		assertThatThrownBy(() -> this.f.store.describeStream(req("StreamArn", "x", "ShardFilter", "CHILD_SHARDS")))
			.isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("SerializationException");
	}

	@Test
	void missingStreamArnInGetShardIteratorNamesTheMember() {
		assertThatThrownBy(() -> this.f.store.getShardIterator(req("ShardId", "s", "ShardIteratorType", "LATEST")))
			.isInstanceOf(AwsException.class)
			.hasMessage("1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: "
					+ "Member must not be null");
	}

	@Test
	void limitMayBeAnyIntegralNumber() {
		String arn = this.f.enable("KEYS_ONLY");
		this.f.put(arn, "a");
		this.f.put(arn, "b");
		String iterator = this.f.iterator(arn, this.f.shardId(arn, 0), "TRIM_HORIZON");
		assertThat(records(this.f.store.getRecords(req("ShardIterator", iterator, "Limit", 1L)))).hasSize(1);
		assertThat(records(this.f.store.getRecords(req("ShardIterator", iterator, "Limit", new BigDecimal("1E+1")))))
			.hasSize(2);
		assertThatThrownBy(() -> this.f.store.getRecords(req("ShardIterator", iterator, "Limit", new BigDecimal("-3"))))
			.isInstanceOf(AwsException.class)
			.hasMessageContaining("greater than or equal to 1");
	}

	@Test
	void keySchemaIsCopiedOnEnable() {
		List<Map<String, Object>> schema = new ArrayList<>();
		Map<String, Object> hash = new HashMap<>(Map.of("AttributeName", "pk", "KeyType", "HASH"));
		schema.add(hash);
		String arn = this.f.store.enable("Todos", "KEYS_ONLY", schema).arn();
		hash.put("AttributeName", "changed");
		schema.clear();
		assertThat(this.f.description(arn).get("KeySchema")).isEqualTo(StreamFixture.KEY_SCHEMA);
	}

	@Test
	void listingContinuesAfterAStreamThatAgedOut() {
		String first = this.f.enable("KEYS_ONLY");
		this.f.store.disable(first);
		this.f.clock.advance(Duration.ofHours(24));
		String second = this.f.enable("KEYS_ONLY");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> streams = (List<Map<String, Object>>) this.f.store
			.listStreams(req("ExclusiveStartStreamArn", first))
			.get("Streams");
		assertThat(streams).extracting(s -> s.get("StreamArn")).containsExactly(second);
	}

	@Test
	void childShardsFilterPagesToo() {
		StreamFixture g = new StreamFixture(1);
		String arn = g.enable("KEYS_ONLY");
		g.put(arn, "a");
		String parent = g.shardId(arn, 0);
		Map<String, Object> filter = Map.of("Type", "CHILD_SHARDS", "ShardId", parent);
		Map<String, Object> response = g.store
			.describeStream(req("StreamArn", arn, "ShardFilter", filter, "Limit", BigDecimal.ONE));
		@SuppressWarnings("unchecked")
		Map<String, Object> description = (Map<String, Object>) response.get("StreamDescription");
		assertThat((List<?>) description.get("Shards")).hasSize(1);
		assertThat(description).doesNotContainKey("LastEvaluatedShardId");
	}

	@Test
	void largeShardIsReadPageByPage() {
		String arn = this.f.enable("KEYS_ONLY");
		for (int i = 0; i < 20_000; i++) {
			this.f.put(arn, "k" + i);
		}
		String iterator = this.f.iterator(arn, this.f.shardId(arn, 0), "TRIM_HORIZON");
		int pages = 0;
		int total = 0;
		while (true) {
			Map<String, Object> response = this.f.getRecords(iterator);
			int count = records(response).size();
			if (count == 0) {
				break;
			}
			assertThat(count).isLessThanOrEqualTo(1000);
			total += count;
			pages++;
			iterator = next(response);
		}
		assertThat(total).isEqualTo(20_000);
		assertThat(pages).isEqualTo(20);
	}
}
