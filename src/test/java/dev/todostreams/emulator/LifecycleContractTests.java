package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.attr;
import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.hash;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.range;
import static dev.todostreams.emulator.Fixtures.s;
import static dev.todostreams.emulator.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.todostreams.testsupport.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Table and index lifecycle with a status delay (CREATING, UPDATING, DELETING, backfilling GSIs; API Reference CreateTable,
 * UpdateTable, DeleteTable) and GSI lag (GSIs are eventually consistent: Developer Guide, "Global secondary indexes",
 * read consistency). The emulator's clock is moved by hand, so nothing waits.
 */
class LifecycleContractTests {

	MutableClock clock = MutableClock.startingNow();

	@RegisterExtension
	EmulatorExtension emulator = EmulatorExtension
		.withOptions(o -> o.withClock(clock).withTableStatusDelay(Duration.ofSeconds(2)).withIndexLag(Duration.ofMillis(500)));

	private static GlobalSecondaryIndexUpdate createStatusIndex() {
		return GlobalSecondaryIndexUpdate.builder().create(CreateGlobalSecondaryIndexAction.builder().indexName("by-status")
			.keySchema(hash("Status"), range("DueDate"))
			.projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()).build();
	}

	@Test
	void aNewTableIsCreatingUntilTheDelayHasPassed(DynamoDbClient dynamo) {
		var created = dynamo.createTable(r -> r.tableName("Tab1").keySchema(hash("id")).attributeDefinitions(attr("id", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST));
		assertThat(created.tableDescription().tableStatus()).isEqualTo(TableStatus.CREATING);
		assertThat(dynamo.describeTable(r -> r.tableName("Tab1")).table().tableStatus()).isEqualTo(TableStatus.CREATING);
		// items cannot be written yet, and the table cannot be deleted or updated while it is being created
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Tab1").item(item("id", s("a")))))
			.isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> dynamo.deleteTable(r -> r.tableName("Tab1"))).isInstanceOf(ResourceInUseException.class);
		assertThatThrownBy(() -> dynamo.updateTable(r -> r.tableName("Tab1").deletionProtectionEnabled(true)))
			.isInstanceOf(ResourceInUseException.class);
		clock.advance(Duration.ofSeconds(2));
		assertThat(dynamo.describeTable(r -> r.tableName("Tab1")).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
		dynamo.putItem(r -> r.tableName("Tab1").item(item("id", s("a"))));
		dynamo.deleteTable(r -> r.tableName("Tab1"));
	}

	@Test
	void anUpdatedTableIsUpdatingAndANewIndexBackfillsBeforeItCanBeRead(DynamoDbClient dynamo) {
		dynamo.createTable(r -> r.tableName("Todos").keySchema(hash("TodoID")).attributeDefinitions(attr("TodoID", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST));
		clock.advance(Duration.ofSeconds(2));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Done")));
		// backfill skips an item whose new index key is an empty string
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T2", "")));
		var updated = dynamo.updateTable(r -> r.tableName("Todos")
			.attributeDefinitions(attr("Status", ScalarAttributeType.S), attr("DueDate", ScalarAttributeType.S))
			.globalSecondaryIndexUpdates(createStatusIndex()));
		assertThat(updated.tableDescription().tableStatus()).isEqualTo(TableStatus.UPDATING);
		var described = dynamo.describeTable(r -> r.tableName("Todos")).table();
		assertThat(described.tableStatus()).isEqualTo(TableStatus.UPDATING);
		assertThat(described.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
			assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.CREATING);
			assertThat(gsi.backfilling()).isTrue();
		});
		assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Todos").indexName("by-status").keyConditionExpression("#s = :s")
			.expressionAttributeNames(Map.of("#s", "Status")).expressionAttributeValues(Map.of(":s", s("Done")))))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("Cannot read from backfilling global secondary index: by-status"));
		// items stay readable and writable while the table is UPDATING
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T3", "Done")));
		clock.advance(Duration.ofSeconds(2));
		var active = dynamo.describeTable(r -> r.tableName("Todos")).table();
		assertThat(active.tableStatus()).isEqualTo(TableStatus.ACTIVE);
		assertThat(active.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexStatus).containsExactly(IndexStatus.ACTIVE);
		var done = dynamo.query(r -> r.tableName("Todos").indexName("by-status").keyConditionExpression("#s = :s")
			.expressionAttributeNames(Map.of("#s", "Status")).expressionAttributeValues(Map.of(":s", s("Done"))));
		assertThat(done.items()).extracting(i -> i.get("TodoID").s()).containsExactlyInAnyOrder("T1", "T3");
		assertThat(dynamo.scan(r -> r.tableName("Todos").indexName("by-status")).count()).isEqualTo(2);
	}

	@Test
	void aWriteShowsInAGlobalIndexOnlyAfterTheLag(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		clock.advance(Duration.ofSeconds(2));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Done")));
		var byStatus = (java.util.function.Supplier<Integer>) () -> dynamo.query(r -> r.tableName("Todos").indexName("Status-DueDate-index")
			.keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s("Done")))).count();
		// the table itself is read-after-write; the index is not
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1")))).hasItem()).isTrue();
		assertThat(byStatus.get()).isZero();
		clock.advance(Duration.ofMillis(500));
		assertThat(byStatus.get()).isEqualTo(1);
		dynamo.deleteItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1"))));
		assertThat(byStatus.get()).isEqualTo(1);
		clock.advance(Duration.ofMillis(500));
		assertThat(byStatus.get()).isZero();
	}

	private static void putTodosAndWait(DynamoDbClient dynamo, MutableClock clock) {
		createTodos(dynamo, "Todos");
		clock.advance(Duration.ofSeconds(2));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Done")));
	}

	@Test
	void aDeletedTableIsDeletingUntilTheDelayHasPassedAndThenGone(DynamoDbClient dynamo) {
		putTodosAndWait(dynamo, clock);
		var deleted = dynamo.deleteTable(r -> r.tableName("Todos"));
		assertThat(deleted.tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
		assertThat(dynamo.describeTable(r -> r.tableName("Todos")).table().tableStatus()).isEqualTo(TableStatus.DELETING);
		assertThat(dynamo.listTables().tableNames()).containsExactly("Todos");
		// API Reference, DeleteTable: "If table is already in the DELETING state, no error is returned."
		assertThat(dynamo.deleteTable(r -> r.tableName("Todos")).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
		clock.advance(Duration.ofMillis(1999));
		assertThat(dynamo.describeTable(r -> r.tableName("Todos")).table().tableStatus()).isEqualTo(TableStatus.DELETING);
		clock.advance(Duration.ofMillis(1));
		assertThatThrownBy(() -> dynamo.describeTable(r -> r.tableName("Todos"))).isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> dynamo.deleteTable(r -> r.tableName("Todos"))).isInstanceOf(ResourceNotFoundException.class);
		assertThat(dynamo.listTables().tableNames()).isEmpty();
		// the name is free again, and the new table starts empty
		createTodos(dynamo, "Todos");
		clock.advance(Duration.ofSeconds(2));
		assertThat(dynamo.scan(r -> r.tableName("Todos")).count()).isZero();
	}

	@Test
	void aDeletingTableRefusesChangesAsInUse(DynamoDbClient dynamo) {
		putTodosAndWait(dynamo, clock);
		String arn = dynamo.describeTable(r -> r.tableName("Todos")).table().tableArn();
		dynamo.deleteTable(r -> r.tableName("Todos"));
		assertThatThrownBy(() -> dynamo.updateTable(r -> r.tableName("Todos").deletionProtectionEnabled(true)))
			.isInstanceOfSatisfying(ResourceInUseException.class, ex -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("Attempt to change a resource which is still in use: Table is being deleted: Todos"));
		assertThatThrownBy(() -> dynamo.updateTimeToLive(r -> r.tableName("Todos")
			.timeToLiveSpecification(t -> t.attributeName("ExpiresAt").enabled(true)))).isInstanceOf(ResourceInUseException.class);
		assertThatThrownBy(() -> dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("a").build())))
			.isInstanceOf(ResourceInUseException.class);
		assertThatThrownBy(() -> dynamo.untagResource(r -> r.resourceArn(arn).tagKeys("team")))
			.isInstanceOf(ResourceInUseException.class);
		assertThatThrownBy(() -> createTodos(dynamo, "Todos")).isInstanceOf(ResourceInUseException.class);
		// nothing of it changed: still DELETING, without deletion protection
		var described = dynamo.describeTable(r -> r.tableName("Todos")).table();
		assertThat(described.tableStatus()).isEqualTo(TableStatus.DELETING);
		assertThat(described.deletionProtectionEnabled()).isFalse();
	}

	@Test
	void aDeletingTableAnswersItemCallsNotFound(DynamoDbClient dynamo) {
		putTodosAndWait(dynamo, clock);
		dynamo.deleteTable(r -> r.tableName("Todos"));
		Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key = Map.of("TodoID", s("T1"));
		List<Runnable> calls = List.of(
				() -> dynamo.getItem(r -> r.tableName("Todos").key(key)),
				() -> dynamo.putItem(r -> r.tableName("Todos").item(todo("T2", "Done"))),
				() -> dynamo.updateItem(r -> r.tableName("Todos").key(key).updateExpression("SET Title = :t")
					.expressionAttributeValues(Map.of(":t", s("x")))),
				() -> dynamo.deleteItem(r -> r.tableName("Todos").key(key)),
				() -> dynamo.query(r -> r.tableName("Todos").keyConditionExpression("TodoID = :id")
					.expressionAttributeValues(Map.of(":id", s("T1")))),
				() -> dynamo.scan(r -> r.tableName("Todos")),
				() -> dynamo.batchGetItem(r -> r.requestItems(Map.of("Todos",
						software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(key).build()))),
				() -> dynamo.batchWriteItem(r -> r.requestItems(Map.of("Todos",
						List.of(WriteRequest.builder().putRequest(p -> p.item(todo("T3", "Done"))).build())))),
				() -> dynamo.transactWriteItems(r -> r.transactItems(t -> t.put(p -> p.tableName("Todos").item(todo("T4", "Done"))))),
				() -> dynamo.transactGetItems(r -> r.transactItems(t -> t.get(g -> g.tableName("Todos").key(key)))));
		for (Runnable call : calls) {
			assertThatThrownBy(call::run).isInstanceOf(ResourceNotFoundException.class);
		}
		// reads of the table's definition still answer
		assertThat(dynamo.describeTimeToLive(r -> r.tableName("Todos")).timeToLiveDescription()).isNotNull();
	}

	@Test
	void theStreamOfADeletedTableIsDisabledAndReadableForTwentyFourHours(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		putTodosAndWait(dynamo, clock);
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Open")));
		String streamArn = dynamo.describeTable(r -> r.tableName("Todos")).table().latestStreamArn();
		dynamo.deleteTable(r -> r.tableName("Todos"));
		assertThat(streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().streamStatus()).isEqualTo(StreamStatus.DISABLED);
		clock.advance(Duration.ofSeconds(2));
		assertThatThrownBy(() -> dynamo.describeTable(r -> r.tableName("Todos"))).isInstanceOf(ResourceNotFoundException.class);
		var stream = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription();
		assertThat(stream.streamStatus()).isEqualTo(StreamStatus.DISABLED);
		assertThat(stream.shards()).allSatisfy(shard -> assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNotNull());
		assertThat(Fixtures.streamRecords(streams, streamArn)).extracting(rec -> rec.eventNameAsString())
			.containsExactly("INSERT", "MODIFY");
		assertThat(streams.listStreams().streams()).extracting(listed -> listed.streamArn()).containsExactly(streamArn);
		clock.advance(Duration.ofHours(24));
		assertThatThrownBy(() -> streams.describeStream(r -> r.streamArn(streamArn)))
			.isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
	}
}
