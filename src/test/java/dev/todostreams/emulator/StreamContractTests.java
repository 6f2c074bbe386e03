package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.s;
import static dev.todostreams.emulator.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.todostreams.testsupport.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams through the real AWS SDK v2, as documented by AWS. */
class StreamContractTests {

	final MutableClock clock = MutableClock.startingNow();

	@RegisterExtension
	EmulatorExtension emulator = EmulatorExtension.withOptions(o -> o.withClock(clock).withShardRolloverRecords(3));

	private String streamArn(DynamoDbClient dynamo) {
		return dynamo.describeTable(r -> r.tableName("Todos")).table().latestStreamArn();
	}

	@Test
	void oneRecordPerRealChangeWithTheRightImages(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		dynamo.updateItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001"))).updateExpression("SET #s = :s")
			.expressionAttributeNames(Map.of("#s", "Status")).expressionAttributeValues(Map.of(":s", s("In Progress"))));
		dynamo.updateItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001"))).updateExpression("SET #s = :s")
			.expressionAttributeNames(Map.of("#s", "Status")).expressionAttributeValues(Map.of(":s", s("completed"))));
		dynamo.deleteItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T404"))));
		dynamo.updateItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1002"))).updateExpression("SET Task = :t")
			.expressionAttributeValues(Map.of(":t", s("made by update"))));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1002", "Not Started")));
		dynamo.deleteItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001"))));

		List<Record> records = Fixtures.streamRecords(streams, streamArn(dynamo));
		assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY,
				OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
		Record insert = records.get(0);
		assertThat(insert.dynamodb().hasOldImage()).isFalse();
		assertThat(insert.dynamodb().newImage()).isEqualTo(todo("T1001", "In Progress"));
		assertThat(insert.dynamodb().keys()).isEqualTo(Map.of("TodoID", s("T1001")));
		Record modify = records.get(1);
		assertThat(modify.dynamodb().oldImage().get("Status")).isEqualTo(s("In Progress"));
		assertThat(modify.dynamodb().newImage().get("Status")).isEqualTo(s("completed"));
		Record replaced = records.get(3);
		assertThat(replaced.dynamodb().oldImage()).isEqualTo(item("TodoID", s("T1002"), "Task", s("made by update")));
		Record remove = records.get(4);
		assertThat(remove.dynamodb().hasNewImage()).isFalse();
		assertThat(remove.dynamodb().oldImage().get("Status")).isEqualTo(s("completed"));
		assertThat(remove.userIdentity()).isNull();
	}

	@Test
	void recordsCarryEveryDocumentedField(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		for (int i = 0; i < 5; i++) {
			String id = "T" + (1001 + i);
			dynamo.putItem(r -> r.tableName("Todos").item(todo(id, "Not Started")));
		}
		List<Record> records = Fixtures.streamRecords(streams, streamArn(dynamo));
		assertThat(records).hasSize(5);
		assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
		BigInteger previous = BigInteger.ZERO;
		for (Record record : records) {
			assertThat(record.eventSource()).isEqualTo("aws:dynamodb");
			assertThat(record.eventVersion()).isNotBlank();
			assertThat(record.awsRegion()).isEqualTo("us-east-1");
			assertThat(record.dynamodb().approximateCreationDateTime()).isNotNull();
			assertThat(record.dynamodb().sizeBytes()).isPositive();
			assertThat(record.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
			assertThat(record.dynamodb().sequenceNumber()).matches("\\d{21,40}");
			BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
			assertThat(sequence).isGreaterThan(previous);
			previous = sequence;
		}
	}

	@Test
	void viewTypesLimitTheImages(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		dynamo.updateTable(r -> r.tableName("Todos").streamSpecification(StreamSpecification.builder().streamEnabled(false).build()));
		dynamo.updateTable(r -> r.tableName("Todos")
			.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY).build()));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Not Started")));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "completed")));
		List<Record> keysOnly = Fixtures.streamRecords(streams, streamArn(dynamo));
		assertThat(keysOnly).hasSize(2).allSatisfy(record -> {
			assertThat(record.dynamodb().hasNewImage()).isFalse();
			assertThat(record.dynamodb().hasOldImage()).isFalse();
			assertThat(record.dynamodb().keys()).isEqualTo(Map.of("TodoID", s("T1")));
		});
		dynamo.updateTable(r -> r.tableName("Todos").streamSpecification(StreamSpecification.builder().streamEnabled(false).build()));
		dynamo.updateTable(r -> r.tableName("Todos")
			.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.OLD_IMAGE).build()));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "In Progress")));
		List<Record> oldOnly = Fixtures.streamRecords(streams, streamArn(dynamo));
		assertThat(oldOnly).singleElement().satisfies(record -> {
			assertThat(record.dynamodb().hasNewImage()).isFalse();
			assertThat(record.dynamodb().oldImage().get("Status")).isEqualTo(s("completed"));
		});
	}

	@Test
	void shardsRollOverIntoChildrenAndClosedShardsEnd(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		for (int i = 0; i < 7; i++) {
			String id = "T" + (1001 + i);
			dynamo.putItem(r -> r.tableName("Todos").item(todo(id, "Not Started")));
		}
		String arn = streamArn(dynamo);
		List<Shard> shards = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards();
		assertThat(shards).hasSize(3);
		assertThat(shards).allSatisfy(shard -> assertThat(shard.shardId()).matches("shardId-\\d{20}-[0-9a-f]{8}"));
		assertThat(shards.get(0).parentShardId()).isNull();
		assertThat(shards.get(1).parentShardId()).isEqualTo(shards.get(0).shardId());
		assertThat(shards.get(2).parentShardId()).isEqualTo(shards.get(1).shardId());
		assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
		assertThat(shards.get(2).sequenceNumberRange().endingSequenceNumber()).isNull();

		var children = streams.describeStream(r -> r.streamArn(arn)
			.shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS).shardId(shards.get(0).shardId())))
			.streamDescription().shards();
		assertThat(children).extracting(Shard::shardId).containsExactly(shards.get(1).shardId());

		String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shards.get(0).shardId())
			.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
		var page = streams.getRecords(r -> r.shardIterator(iterator));
		assertThat(page.records()).hasSize(3);
		if (page.nextShardIterator() != null) {
			assertThat(streams.getRecords(r -> r.shardIterator(page.nextShardIterator())).nextShardIterator()).isNull();
		}
		assertThat(Fixtures.streamRecords(streams, arn)).hasSize(7);
	}

	@Test
	void describeStreamPagesByShard(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		for (int i = 0; i < 9; i++) {
			String id = "T" + (1001 + i);
			dynamo.putItem(r -> r.tableName("Todos").item(todo(id, "Not Started")));
		}
		String arn = streamArn(dynamo);
		var first = streams.describeStream(r -> r.streamArn(arn).limit(2)).streamDescription();
		assertThat(first.shards()).hasSize(2);
		assertThat(first.lastEvaluatedShardId()).isEqualTo(first.shards().get(1).shardId());
		var rest = streams.describeStream(r -> r.streamArn(arn).exclusiveStartShardId(first.lastEvaluatedShardId())).streamDescription();
		assertThat(rest.shards()).hasSize(2);
		assertThat(rest.lastEvaluatedShardId()).isNull();
	}

	@Test
	void iteratorTypesStartWhereDocumented(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Not Started")));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T2", "Not Started")));
		String arn = streamArn(dynamo);
		String shardId = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
		List<Record> all = streams.getRecords(r -> r.shardIterator(streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId)
			.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator())).records();
		String firstSequence = all.get(0).dynamodb().sequenceNumber();
		var at = streams.getRecords(r -> r.shardIterator(streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId)
			.shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(firstSequence)).shardIterator())).records();
		assertThat(at).hasSize(2);
		var after = streams.getRecords(r -> r.shardIterator(streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId)
			.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(firstSequence)).shardIterator())).records();
		assertThat(after).extracting(r -> r.dynamodb().keys().get("TodoID").s()).containsExactly("T2");
		String latest = streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId).shardIteratorType(ShardIteratorType.LATEST))
			.shardIterator();
		var empty = streams.getRecords(r -> r.shardIterator(latest));
		assertThat(empty.records()).isEmpty();
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T3", "Not Started")));
		assertThat(streams.getRecords(r -> r.shardIterator(empty.nextShardIterator())).records()).hasSize(1);
		assertThatThrownBy(() -> streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId)
			.shardIteratorType(ShardIteratorType.TRIM_HORIZON).sequenceNumber(firstSequence)))
			.isInstanceOf(DynamoDbException.class);
		assertThatThrownBy(() -> streams.getShardIterator(i -> i.streamArn(arn).shardId("shardId-00000000000000000000-deadbeef")
			.shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
			.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void getRecordsLimitIsEnforced(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Not Started")));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T2", "Not Started")));
		String arn = streamArn(dynamo);
		String shardId = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
		String iterator = streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId)
			.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
		var one = streams.getRecords(r -> r.shardIterator(iterator).limit(1));
		assertThat(one.records()).hasSize(1);
		assertThat(streams.getRecords(r -> r.shardIterator(one.nextShardIterator())).records()).hasSize(1);
		assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(iterator).limit(1001)))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("1000");
	}

	@Test
	void iteratorsExpireAfterFifteenMinutes(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		String arn = streamArn(dynamo);
		String shardId = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
		String iterator = streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId)
			.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
		clock.advance(Duration.ofMinutes(16));
		assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(iterator))).isInstanceOf(ExpiredIteratorException.class);
	}

	@Test
	void recordsOlderThanRetentionAreTrimmed(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Not Started")));
		String arn = streamArn(dynamo);
		String shardId = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
		String sequence = Fixtures.streamRecords(streams, arn).get(0).dynamodb().sequenceNumber();
		clock.advance(Duration.ofHours(25));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T2", "Not Started")));
		assertThatThrownBy(() -> streams.getShardIterator(i -> i.streamArn(arn).shardId(shardId)
			.shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(sequence)))
			.isInstanceOf(TrimmedDataAccessException.class);
		assertThat(Fixtures.streamRecords(streams, arn)).extracting(r -> r.dynamodb().keys().get("TodoID").s()).containsExactly("T2");
	}

	@Test
	void timeToLiveDeletionsAreServiceRemoves(DynamoDbClient dynamo, DynamoDbStreamsClient streams, DynamoDbEmulator db) {
		createTodos(dynamo, "Todos");
		dynamo.updateTimeToLive(r -> r.tableName("Todos").timeToLiveSpecification(t -> t.attributeName("ExpiresAt").enabled(true)));
		long past = clock.instant().getEpochSecond() - 60;
		long future = clock.instant().getEpochSecond() + 3600;
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T1"), "ExpiresAt", n(Long.toString(past)))));
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T2"), "ExpiresAt", n(Long.toString(future)))));
		assertThat(db.sweepExpiredItems()).isEqualTo(1);
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1")))).hasItem()).isFalse();
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T2")))).hasItem()).isTrue();
		Record removal = Fixtures.streamRecords(streams, streamArn(dynamo)).get(2);
		assertThat(removal.eventName()).isEqualTo(OperationType.REMOVE);
		assertThat(removal.userIdentity().type()).isEqualTo("Service");
		assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
	}

	@Test
	void unknownStreamIsResourceNotFound(DynamoDbStreamsClient streams) {
		assertThatThrownBy(() -> streams.describeStream(
				r -> r.streamArn("arn:aws:dynamodb:us-east-1:000000000000:table/None/stream/2024-01-01T00:00:00.000")))
			.isInstanceOf(ResourceNotFoundException.class);
	}
}
