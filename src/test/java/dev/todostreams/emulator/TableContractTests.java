package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.attr;
import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.hash;
import static dev.todostreams.emulator.Fixtures.range;
import static dev.todostreams.emulator.Fixtures.s;
import static dev.todostreams.emulator.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Table operations through the real AWS SDK v2, as KCL and the application use them. */
class TableContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	@Test
	void createdTableIsActiveAtOnceWithEveryFieldKclReads(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		TableDescription table = dynamo.describeTable(r -> r.tableName("Todos")).table();
		assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
		assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/Todos");
		assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
		assertThat(table.provisionedThroughput().readCapacityUnits()).isZero();
		assertThat(table.tableSizeBytes()).isZero();
		assertThat(table.itemCount()).isZero();
		assertThat(table.keySchema()).containsExactly(hash("TodoID"));
		assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
			assertThat(gsi.indexName()).isEqualTo("Status-DueDate-index");
			assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
			assertThat(gsi.keySchema()).containsExactly(hash("Status"), range("DueDate"));
		});
		assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
		assertThat(table.latestStreamArn()).matches(
				"arn:aws:dynamodb:us-east-1:\\d{12}:table/Todos/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
		assertThat(table.latestStreamArn()).endsWith("/stream/" + table.latestStreamLabel());
		assertThat(table.deletionProtectionEnabled()).isFalse();
	}

	@Test
	void itemCountAndSizeFollowWrites(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1002", "completed")));
		TableDescription table = dynamo.describeTable(r -> r.tableName("Todos")).table();
		assertThat(table.itemCount()).isEqualTo(2);
		assertThat(table.tableSizeBytes()).isGreaterThan(50);
		assertThat(table.globalSecondaryIndexes().get(0).itemCount()).isEqualTo(2);
	}

	@Test
	void creatingAnExistingTableIsResourceInUse(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		assertThatThrownBy(() -> createTodos(dynamo, "Todos")).isInstanceOf(ResourceInUseException.class)
			.hasMessageContaining("Todos");
	}

	@Test
	void unknownTableIsResourceNotFound(DynamoDbClient dynamo) {
		assertThatThrownBy(() -> dynamo.describeTable(r -> r.tableName("Missing")))
			.isInstanceOf(ResourceNotFoundException.class)
			.hasMessageContaining("Missing");
		assertThatThrownBy(() -> dynamo.getItem(r -> r.tableName("Missing").key(Map.of("pk", s("a")))))
			.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void refusesInvalidDefinitions(DynamoDbClient dynamo) {
		assertThatThrownBy(() -> dynamo.createTable(r -> r.tableName("T1")
			.keySchema(hash("id"))
			.attributeDefinitions(attr("id", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST)))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("T1");
		assertThatThrownBy(() -> dynamo.createTable(r -> r.tableName("Things")
			.keySchema(hash("id"))
			.attributeDefinitions(attr("other", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST)))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("not defined in AttributeDefinitions");
		assertThatThrownBy(() -> dynamo.createTable(r -> r.tableName("Things")
			.keySchema(hash("id"))
			.attributeDefinitions(attr("id", ScalarAttributeType.S), attr("unused", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST)))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("not used");
		assertThatThrownBy(() -> dynamo.createTable(r -> r.tableName("Things")
			.keySchema(hash("id"))
			.attributeDefinitions(attr("id", ScalarAttributeType.S))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("ReadCapacityUnits");
		assertThat(dynamo.listTables().tableNames()).isEmpty();
	}

	@Test
	void provisionedTableReportsItsThroughput(DynamoDbClient dynamo) {
		dynamo.createTable(r -> r.tableName("Provisioned")
			.keySchema(hash("id"))
			.attributeDefinitions(attr("id", ScalarAttributeType.S))
			.provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L).build()));
		TableDescription table = dynamo.describeTable(r -> r.tableName("Provisioned")).table();
		assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
		assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(7);
		assertThat(table.billingModeSummary()).isNull();
	}

	@Test
	void listTablesPagesInNameOrder(DynamoDbClient dynamo) {
		for (int i = 0; i < 7; i++) {
			String name = "Table" + i;
			dynamo.createTable(r -> r.tableName(name)
				.keySchema(hash("id"))
				.attributeDefinitions(attr("id", ScalarAttributeType.S))
				.billingMode(BillingMode.PAY_PER_REQUEST));
		}
		var first = dynamo.listTables(r -> r.limit(3));
		assertThat(first.tableNames()).containsExactly("Table0", "Table1", "Table2");
		assertThat(first.lastEvaluatedTableName()).isEqualTo("Table2");
		List<String> all = new ArrayList<>();
		dynamo.listTablesPaginator(r -> r.limit(2)).tableNames().forEach(all::add);
		assertThat(all).hasSize(7).isSorted();
	}

	@Test
	void addedGlobalIndexIsActiveAtOnceAndBackfilled(DynamoDbClient dynamo) {
		dynamo.createTable(r -> r.tableName("leases")
			.keySchema(hash("leaseKey"))
			.attributeDefinitions(attr("leaseKey", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST));
		dynamo.putItem(r -> r.tableName("leases").item(Map.of("leaseKey", s("shard-1"), "leaseOwner", s("worker-a"))));
		dynamo.putItem(r -> r.tableName("leases").item(Map.of("leaseKey", s("shard-2"))));
		var response = dynamo.updateTable(r -> r.tableName("leases")
			.attributeDefinitions(attr("leaseOwner", ScalarAttributeType.S), attr("leaseKey", ScalarAttributeType.S))
			.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
				.create(CreateGlobalSecondaryIndexAction.builder()
					.indexName("LeaseOwnerToLeaseKeyIndex")
					.keySchema(hash("leaseOwner"), range("leaseKey"))
					.projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
					.build())
				.build()));
		assertThat(response.tableDescription().globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexStatus)
			.containsExactly(IndexStatus.ACTIVE);
		var items = dynamo.query(r -> r.tableName("leases")
			.indexName("LeaseOwnerToLeaseKeyIndex")
			.keyConditionExpression("leaseOwner = :o")
			.expressionAttributeValues(Map.of(":o", s("worker-a"))))
			.items();
		assertThat(items).containsExactly(Map.of("leaseKey", s("shard-1"), "leaseOwner", s("worker-a")));
		dynamo.updateTable(r -> r.tableName("leases")
			.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
				.delete(d -> d.indexName("LeaseOwnerToLeaseKeyIndex"))
				.build()));
		assertThat(dynamo.describeTable(r -> r.tableName("leases")).table().globalSecondaryIndexes()).isEmpty();
	}

	@Test
	void streamCanBeDisabledAndReEnabledWithANewArn(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		createTodos(dynamo, "Todos");
		String first = dynamo.describeTable(r -> r.tableName("Todos")).table().latestStreamArn();
		dynamo.updateTable(r -> r.tableName("Todos").streamSpecification(StreamSpecification.builder().streamEnabled(false).build()));
		TableDescription disabled = dynamo.describeTable(r -> r.tableName("Todos")).table();
		assertThat(disabled.streamSpecification()).isNull();
		assertThat(streams.describeStream(r -> r.streamArn(first)).streamDescription().streamStatus())
			.isEqualTo(StreamStatus.DISABLED);
		dynamo.updateTable(r -> r.tableName("Todos")
			.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY).build()));
		TableDescription reEnabled = dynamo.describeTable(r -> r.tableName("Todos")).table();
		assertThat(reEnabled.latestStreamArn()).isNotEqualTo(first);
		assertThat(reEnabled.streamSpecification().streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
		assertThat(streams.listStreams(r -> r.tableName("Todos")).streams()).hasSize(2);
	}

	@Test
	void enablingAnEnabledStreamIsRefused(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		assertThatThrownBy(() -> dynamo.updateTable(r -> r.tableName("Todos")
			.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build())))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("already has an enabled stream");
	}

	@Test
	void deleteTableRemovesItAndWaiterSeesIt(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		WaiterResponse<DescribeTableResponse> exists = dynamo.waiter().waitUntilTableExists(r -> r.tableName("Todos"));
		assertThat(exists.matched().response()).isPresent();
		var deleted = dynamo.deleteTable(r -> r.tableName("Todos")).tableDescription();
		assertThat(deleted.tableName()).isEqualTo("Todos");
		// with no table status delay DeleteTable still answers DELETING and the table is gone at once
		assertThat(deleted.tableStatus()).isEqualTo(software.amazon.awssdk.services.dynamodb.model.TableStatus.DELETING);
		assertThatThrownBy(() -> dynamo.describeTable(r -> r.tableName("Todos"))).isInstanceOf(ResourceNotFoundException.class);
		var gone = dynamo.waiter().waitUntilTableNotExists(r -> r.tableName("Todos"));
		assertThat(gone.matched().exception()).containsInstanceOf(ResourceNotFoundException.class);
		assertThat(dynamo.listTables().tableNames()).isEmpty();
	}

	@Test
	void deletionProtectionBlocksDelete(DynamoDbClient dynamo) {
		dynamo.createTable(r -> r.tableName("Protected")
			.keySchema(hash("id"))
			.attributeDefinitions(attr("id", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.deletionProtectionEnabled(true));
		assertThatThrownBy(() -> dynamo.deleteTable(r -> r.tableName("Protected"))).isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("deletion protection");
		dynamo.updateTable(r -> r.tableName("Protected").deletionProtectionEnabled(false));
		dynamo.deleteTable(r -> r.tableName("Protected"));
		assertThat(dynamo.listTables().tableNames()).isEmpty();
	}

	@Test
	void timeToLiveIsDescribedAfterUpdate(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		assertThat(dynamo.describeTimeToLive(r -> r.tableName("Todos")).timeToLiveDescription().timeToLiveStatus())
			.isEqualTo(TimeToLiveStatus.DISABLED);
		dynamo.updateTimeToLive(r -> r.tableName("Todos").timeToLiveSpecification(t -> t.attributeName("ExpiresAt").enabled(true)));
		var ttl = dynamo.describeTimeToLive(r -> r.tableName("Todos")).timeToLiveDescription();
		assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
		assertThat(ttl.attributeName()).isEqualTo("ExpiresAt");
		assertThatThrownBy(() -> dynamo.updateTimeToLive(
				r -> r.tableName("Todos").timeToLiveSpecification(t -> t.attributeName("ExpiresAt").enabled(true))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("already enabled");
	}

	@Test
	void tagsCanBeAddedListedAndRemoved(DynamoDbClient dynamo) {
		dynamo.createTable(CreateTableRequest.builder()
			.tableName("Tagged")
			.keySchema(hash("id"))
			.attributeDefinitions(attr("id", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.tags(Tag.builder().key("team").value("todo").build())
			.build());
		String arn = dynamo.describeTable(r -> r.tableName("Tagged")).table().tableArn();
		dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("env").value("test").build()));
		assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key)
			.containsExactly("team", "env");
		dynamo.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
		assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key).containsExactly("env");
	}

	@Test
	void localSecondaryIndexIsQueryable(DynamoDbClient dynamo) {
		dynamo.createTable(r -> r.tableName("Orders")
			.keySchema(hash("customer"), range("orderId"))
			.attributeDefinitions(attr("customer", ScalarAttributeType.S), attr("orderId", ScalarAttributeType.S),
					attr("total", ScalarAttributeType.N))
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.localSecondaryIndexes(LocalSecondaryIndex.builder()
				.indexName("ByTotal")
				.keySchema(hash("customer"), range("total"))
				.projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
				.build()));
		dynamo.putItem(r -> r.tableName("Orders").item(Map.of("customer", s("c1"), "orderId", s("o1"), "total",
				AttributeValue.fromN("30"), "note", s("x"))));
		dynamo.putItem(r -> r.tableName("Orders").item(Map.of("customer", s("c1"), "orderId", s("o2"), "total",
				AttributeValue.fromN("10"))));
		dynamo.putItem(r -> r.tableName("Orders").item(Map.of("customer", s("c1"), "orderId", s("o3"))));
		var byTotal = dynamo.query(r -> r.tableName("Orders").indexName("ByTotal")
			.keyConditionExpression("customer = :c")
			.expressionAttributeValues(Map.of(":c", s("c1"))));
		assertThat(byTotal.items()).extracting(i -> i.get("orderId").s()).containsExactly("o2", "o1");
		assertThat(byTotal.items().get(1)).doesNotContainKey("note");
		var all = dynamo.query(r -> r.tableName("Orders").indexName("ByTotal")
			.keyConditionExpression("customer = :c")
			.expressionAttributeValues(Map.of(":c", s("c1")))
			.select("ALL_ATTRIBUTES"));
		assertThat(all.items().get(1)).containsKey("note");
	}
}
