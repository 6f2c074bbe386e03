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
import java.util.Map;

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
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Table and index lifecycle with a status delay (CREATING, UPDATING, backfilling GSIs; API Reference CreateTable,
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
}
