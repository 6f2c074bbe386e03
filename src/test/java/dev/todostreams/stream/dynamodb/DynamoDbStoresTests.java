package dev.todostreams.stream.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.todostreams.stream.DeadLetter;
import dev.todostreams.stream.IdempotencyStore;
import dev.todostreams.stream.IdempotencyStore.Claim;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.StreamTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbStoresTests {

	private static StreamTestEnvironment env;

	private static DynamoDbIdempotencyStore idempotency;

	private static DynamoDbDeadLetterStore deadLetters;

	@BeforeAll
	static void start() {
		env = StreamTestEnvironment.start();
		StreamTables.ensure(env.dynamo(), "Idempotency", true);
		StreamTables.ensure(env.dynamo(), "DeadLetters", true);
		idempotency = new DynamoDbIdempotencyStore(env.dynamo(), "Idempotency", Duration.ofHours(48),
				Clock.systemUTC());
		deadLetters = new DynamoDbDeadLetterStore(env.dynamo(), "DeadLetters", Duration.ofDays(14), Clock.systemUTC());
	}

	@AfterAll
	static void stop() {
		env.close();
	}

	@Test
	void ensureIsIdempotentAndEnablesTtl() {
		StreamTables.ensure(env.dynamo(), "Idempotency", true);
		assertThat(env.dynamo().describeTimeToLive((r) -> r.tableName("Idempotency")).timeToLiveDescription()
			.attributeName()).isEqualTo("expiresAt");
	}

	@Test
	void missingTableFailsFastWhenCreationIsOff() {
		assertThatThrownBy(() -> StreamTables.ensure(env.dynamo(), "Nope", false))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'Nope' does not exist");
	}

	@Test
	void firstClaimWinsAndASecondWorkerSeesItHeld() {
		assertThat(idempotency.claim("e1", "h", "w1", Duration.ofMinutes(1))).isEqualTo(Claim.ACQUIRED);
		assertThat(idempotency.claim("e1", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.HELD_ELSEWHERE);
		assertThat(idempotency.claim("e1", "h", "w1", Duration.ofMinutes(1))).isEqualTo(Claim.ACQUIRED);
	}

	@Test
	void completedEffectIsNeverClaimedAgain() {
		assertThat(idempotency.claim("e2", "h", "w1", Duration.ofMinutes(1))).isEqualTo(Claim.ACQUIRED);
		idempotency.complete("e2", "h", "w1");
		assertThat(idempotency.claim("e2", "h", "w1", Duration.ofMinutes(1))).isEqualTo(Claim.COMPLETED);
		assertThat(idempotency.claim("e2", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.COMPLETED);
		assertThat(idempotency.claim("e2", "other-handler", "w2", Duration.ofMinutes(1)))
			.isEqualTo(Claim.ACQUIRED);
	}

	@Test
	void aFencedClaimTakesOverAnotherOwnersClaimButNeverACompletedPair() {
		assertThat(idempotency.claimAll(List.of(new IdempotencyStore.Key("e5", "h"), new IdempotencyStore.Key("e6", "h")),
				"crashed", Duration.ofMinutes(5))).containsValues(Claim.ACQUIRED);
		idempotency.complete("e6", "h", "crashed");
		assertThat(idempotency.claim("e5", "h", "heir", Duration.ofMinutes(1))).isEqualTo(Claim.HELD_ELSEWHERE);
		assertThat(idempotency.claimAll(List.of(new IdempotencyStore.Key("e5", "h"), new IdempotencyStore.Key("e6", "h")),
				"heir", Duration.ofMinutes(1), true))
			.containsEntry(new IdempotencyStore.Key("e5", "h"), Claim.ACQUIRED)
			.containsEntry(new IdempotencyStore.Key("e6", "h"), Claim.COMPLETED);
		assertThat(idempotency.claim("e5", "h", "crashed", Duration.ofMinutes(1))).isEqualTo(Claim.HELD_ELSEWHERE);
	}

	@Test
	void releasedClaimCanBeTakenAtOnce() {
		idempotency.claim("e3", "h", "w1", Duration.ofMinutes(1));
		idempotency.release("e3", "h", "w2");
		assertThat(idempotency.claim("e3", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.HELD_ELSEWHERE);
		idempotency.release("e3", "h", "w1");
		assertThat(idempotency.claim("e3", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.ACQUIRED);
	}

	@Test
	void expiredClaimOfADeadWorkerCanBeTakenOver() {
		idempotency.claim("e4", "h", "dead", Duration.ofMillis(-1000));
		assertThat(idempotency.claim("e4", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.ACQUIRED);
	}

	@Test
	void bulkClaimAcquiresFreePairsAndDecidesTheOthersOneByOne() {
		idempotency.complete("b1", "h", "w0");
		idempotency.claim("b2", "h", "w0", Duration.ofMinutes(1));
		java.util.List<dev.todostreams.stream.IdempotencyStore.Key> keys = java.util.stream.IntStream.range(0, 130)
			.mapToObj((i) -> new dev.todostreams.stream.IdempotencyStore.Key("b" + i, "h"))
			.toList();
		Map<dev.todostreams.stream.IdempotencyStore.Key, Claim> claims = idempotency.claimAll(keys, "w1",
				Duration.ofMinutes(1));
		assertThat(claims).hasSize(130);
		assertThat(claims.get(keys.get(1))).isEqualTo(Claim.COMPLETED);
		assertThat(claims.get(keys.get(2))).isEqualTo(Claim.HELD_ELSEWHERE);
		assertThat(claims.get(keys.get(3))).isEqualTo(Claim.ACQUIRED);
		assertThat(claims.get(keys.get(129))).isEqualTo(Claim.ACQUIRED);
		idempotency.completeAll(keys.subList(3, 130), "w1");
		assertThat(idempotency.claim("b60", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.COMPLETED);
		assertThat(idempotency.claim("b129", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.COMPLETED);
	}

	@Test
	void aRefusedBulkClaimIsDecidedFromItsCancellationReasonsNotPairByPair() {
		java.util.List<IdempotencyStore.Key> keys = java.util.stream.IntStream.range(0, 100)
			.mapToObj((i) -> new IdempotencyStore.Key("r" + i, "h"))
			.toList();
		// the shard's earlier holder finished half of its slice and was inside the next ten
		idempotency.completeAll(keys.subList(0, 50), "w0");
		keys.subList(50, 60).forEach((key) -> idempotency.claim(key.eventId(), "h", "w0", Duration.ofMinutes(1)));
		Map<String, java.util.concurrent.atomic.AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
		software.amazon.awssdk.services.dynamodb.DynamoDbClient counting = (software.amazon.awssdk.services.dynamodb.DynamoDbClient) java.lang.reflect.Proxy
			.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { software.amazon.awssdk.services.dynamodb.DynamoDbClient.class },
					(proxy, method, args) -> {
						calls.computeIfAbsent(method.getName(), (name) -> new java.util.concurrent.atomic.AtomicInteger())
							.incrementAndGet();
						try {
							return method.invoke(env.dynamo(), args);
						}
						catch (java.lang.reflect.InvocationTargetException ex) {
							throw ex.getTargetException();
						}
					});
		DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(counting, "Idempotency", Duration.ofHours(48),
				Clock.systemUTC());

		Map<IdempotencyStore.Key, Claim> claims = store.claimAll(keys, "w1", Duration.ofMinutes(1));

		assertThat(claims.get(keys.get(0))).isEqualTo(Claim.COMPLETED);
		assertThat(claims.get(keys.get(49))).isEqualTo(Claim.COMPLETED);
		assertThat(claims.get(keys.get(50))).isEqualTo(Claim.HELD_ELSEWHERE);
		assertThat(claims.get(keys.get(59))).isEqualTo(Claim.HELD_ELSEWHERE);
		assertThat(claims.get(keys.get(60))).isEqualTo(Claim.ACQUIRED);
		assertThat(claims.get(keys.get(99))).isEqualTo(Claim.ACQUIRED);
		assertThat(calls.keySet()).as("no pair decided on its own").containsExactly("transactWriteItems");
		assertThat(calls.get("transactWriteItems")).as("the refused transaction and the one of the free pairs")
			.hasValue(2);
		assertThat(idempotency.claim("r70", "h", "w2", Duration.ofMinutes(1))).isEqualTo(Claim.HELD_ELSEWHERE);
	}

	@Test
	void recordsCarryATtl() {
		idempotency.complete("e5", "h", "w1");
		Map<String, AttributeValue> item = env.dynamo()
			.getItem((r) -> r.tableName("Idempotency").key(Map.of("id", AttributeValue.fromS("e5#h"))))
			.item();
		long expiresAt = Long.parseLong(item.get("expiresAt").n());
		assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofHours(47)).getEpochSecond(),
				Instant.now().plus(Duration.ofHours(49)).getEpochSecond());
	}

	@Test
	void deadLetterRoundTripsWithItsImages() {
		Map<String, AttributeValue> image = Map.of("TodoID", AttributeValue.fromS("T1"), "Status",
				AttributeValue.fromS("completed"), "Tags", AttributeValue.fromSs(java.util.List.of("a", "b")), "Blob",
				AttributeValue.fromB(SdkBytes.fromUtf8String("x")), "Nested",
				AttributeValue.fromM(Map.of("n", AttributeValue.fromN("1.5"))));
		ItemChange change = new ItemChange("e9", ItemChange.Operation.REMOVE,
				Map.of("TodoID", AttributeValue.fromS("T1")), image, null, "000123", Instant.parse("2024-03-20T10:00:00Z"),
				true);
		DeadLetter deadLetter = new DeadLetter("e9:h", "e9", "h", "shard-1", "000123", change, "boom", "trace", 5,
				Instant.parse("2024-03-20T10:00:05Z"));
		deadLetters.put(deadLetter);
		DeadLetter read = deadLetters.find("e9:h").orElseThrow();
		assertThat(read.change().oldImage()).isEqualTo(image);
		assertThat(read.change().newImage()).isNull();
		assertThat(read.change().ttlExpired()).isTrue();
		assertThat(read).usingRecursiveComparison().ignoringFields("change").isEqualTo(deadLetter);
		assertThat(deadLetters.list(100)).extracting(DeadLetter::id).contains("e9:h");
		deadLetters.delete("e9:h");
		assertThat(deadLetters.find("e9:h")).isEmpty();
	}

	@Test
	void undecodableRecordDeadLetterHasNoChange() {
		DeadLetter deadLetter = new DeadLetter("x:" + DeadLetter.DECODER, "x", DeadLetter.DECODER, "shard-1", "7",
				null, "no sequence number", null, 1, Instant.parse("2024-03-20T10:00:05Z"));
		deadLetters.put(deadLetter);
		assertThat(deadLetters.find(deadLetter.id()).orElseThrow()).isEqualTo(deadLetter);
	}

}
