package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.api.AwsException;

import static dev.todostreams.emulator.stream.StreamFixture.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamStoreDescribeStreamTests {

	private final StreamFixture f = new StreamFixture(1);

	@SuppressWarnings("unchecked")
	private static Map<String, Object> description(Map<String, Object> response) {
		return (Map<String, Object>) response.get("StreamDescription");
	}

	@SuppressWarnings("unchecked")
	private static List<String> shardIds(Map<String, Object> response) {
		List<String> ids = new ArrayList<>();
		for (Map<String, Object> shard : (List<Map<String, Object>>) description(response).get("Shards")) {
			ids.add((String) shard.get("ShardId"));
		}
		return ids;
	}

	/** With rollover after every record, n records give n closed shards plus the open one. */
	private String streamWithShards(int records) {
		String arn = this.f.enable("KEYS_ONLY");
		for (int i = 0; i < records; i++) {
			this.f.put(arn, "k" + i);
		}
		return arn;
	}

	@Test
	void shardsComeInCreationOrderWithParents() {
		String arn = streamWithShards(3);
		List<Map<String, Object>> shards = this.f.shards(arn);
		assertThat(shards).hasSize(4);
		for (int i = 1; i < shards.size(); i++) {
			assertThat(shards.get(i)).containsEntry("ParentShardId", shards.get(i - 1).get("ShardId"));
		}
		assertThat(shards.get(3).get("SequenceNumberRange")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.doesNotContainKey("EndingSequenceNumber");
	}

	@Test
	void pagesWithLimitAndExclusiveStartShardId() {
		String arn = streamWithShards(4);
		List<String> all = shardIds(this.f.store.describeStream(req("StreamArn", arn)));
		List<String> paged = new ArrayList<>();
		String start = null;
		int pages = 0;
		do {
			Map<String, Object> request = req("StreamArn", arn, "Limit", BigDecimal.valueOf(2));
			if (start != null) {
				request.put("ExclusiveStartShardId", start);
			}
			Map<String, Object> response = this.f.store.describeStream(request);
			List<String> ids = shardIds(response);
			assertThat(ids).isNotEmpty();
			paged.addAll(ids);
			start = (String) description(response).get("LastEvaluatedShardId");
			pages++;
		}
		while (start != null);
		assertThat(paged).isEqualTo(all);
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void lastPageThatIsExactlyFullHasNoLastEvaluatedShardId() {
		String arn = streamWithShards(1);
		Map<String, Object> response = this.f.store.describeStream(req("StreamArn", arn, "Limit", BigDecimal.valueOf(2)));
		assertThat(shardIds(response)).hasSize(2);
		assertThat(description(response)).doesNotContainKey("LastEvaluatedShardId");
	}

	@Test
	void unknownExclusiveStartShardIdGivesAnEmptyLastPage() {
		String arn = streamWithShards(2);
		Map<String, Object> response = this.f.store
			.describeStream(req("StreamArn", arn, "ExclusiveStartShardId", "shardId-00000000000000000000-00000000"));
		assertThat(shardIds(response)).isEmpty();
		assertThat(description(response)).doesNotContainKey("LastEvaluatedShardId");
	}

	@Test
	void childShardsFilterReturnsOnlyTheChildren() {
		String arn = streamWithShards(3);
		List<String> all = shardIds(this.f.store.describeStream(req("StreamArn", arn)));
		Map<String, Object> response = this.f.store.describeStream(
				req("StreamArn", arn, "ShardFilter", Map.of("Type", "CHILD_SHARDS", "ShardId", all.get(1))));
		assertThat(shardIds(response)).containsExactly(all.get(2));
		Map<String, Object> ofOpen = this.f.store.describeStream(
				req("StreamArn", arn, "ShardFilter", Map.of("Type", "CHILD_SHARDS", "ShardId", all.get(3))));
		assertThat(shardIds(ofOpen)).isEmpty();
	}

	@Test
	void refusesUnknownShardFilterType() {
		String arn = streamWithShards(0);
		assertThatThrownBy(() -> this.f.store
			.describeStream(req("StreamArn", arn, "ShardFilter", Map.of("Type", "PARENT_SHARDS", "ShardId", "x"))))
			.isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("ValidationException");
	}

	@Test
	void refusesShardFilterWithoutShardId() {
		String arn = streamWithShards(0);
		assertThatThrownBy(
				() -> this.f.store.describeStream(req("StreamArn", arn, "ShardFilter", Map.of("Type", "CHILD_SHARDS"))))
			.isInstanceOf(AwsException.class)
			.extracting("type")
			.isEqualTo("ValidationException");
	}

	@Test
	void refusesLimitOutOfRange() {
		String arn = streamWithShards(0);
		assertThatThrownBy(() -> this.f.store.describeStream(req("StreamArn", arn, "Limit", BigDecimal.valueOf(101))))
			.isInstanceOf(AwsException.class)
			.hasMessageContaining("less than or equal to 100");
		assertThatThrownBy(() -> this.f.store.describeStream(req("StreamArn", arn, "Limit", BigDecimal.ZERO)))
			.isInstanceOf(AwsException.class)
			.hasMessageContaining("greater than or equal to 1");
	}

	@Test
	void unknownStreamIsResourceNotFound() {
		String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/Todos/stream/2000-01-01T00:00:00.000";
		assertThatThrownBy(() -> this.f.store.describeStream(req("StreamArn", arn))).isInstanceOf(AwsException.class)
			.hasMessage("Requested resource not found: Stream: " + arn + " not found")
			.extracting("type")
			.isEqualTo("ResourceNotFoundException");
	}

	@Test
	void missingStreamArnIsAValidationError() {
		assertThatThrownBy(() -> this.f.store.describeStream(req())).isInstanceOf(AwsException.class)
			.hasMessageContaining("streamArn")
			.extracting("type")
			.isEqualTo("ValidationException");
	}
}
