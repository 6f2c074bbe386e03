package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * ReturnConsumedCapacity as the Developer Guide ("DynamoDB read and write capacity units", "Read consistency",
 * "Capacity unit consumption for transactions") describes it, through the real AWS SDK v2. The Todos table has one
 * GSI (Status-DueDate-index, projection ALL).
 */
class CapacityContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	DynamoDbClient dynamo;

	@BeforeEach
	void table() {
		dynamo = emulator.dynamoDb();
		createTodos(dynamo, "Todos");
	}

	/** A todo of about {@code kilobytes} KB. */
	private static Map<String, AttributeValue> todo(String id, String status, int kilobytes) {
		Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(Fixtures.todo(id, status));
		item.put("Notes", s(Fixtures.repeat('n', kilobytes * 1024 - 200)));
		return item;
	}

	private static Map<String, AttributeValue> key(String id) {
		return Map.of("TodoID", s(id));
	}

	@Test
	void stronglyConsistentReadsCostTwiceEventuallyConsistentOnesPer4Kilobytes() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Done", 5)));
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(key("T1")).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
			.consumedCapacity().capacityUnits()).isEqualTo(1.0);
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(key("T1")).consistentRead(true)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(2.0);
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(key("none")).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
			.consumedCapacity().capacityUnits()).isEqualTo(0.5);
	}

	@Test
	void queriesAddUpTheSizesReadBeforeRoundingAndChargeTheIndexTheyRead() {
		for (String id : List.of("T1", "T2", "T3")) {
			dynamo.putItem(r -> r.tableName("Todos").item(todo(id, "Done", 2)));
		}
		ConsumedCapacity consumed = dynamo.query(r -> r.tableName("Todos").indexName("Status-DueDate-index")
			.keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s("Done"))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
			.consumedCapacity();
		// about 6 KB: two 4 KB units, halved for an eventually consistent read
		assertThat(consumed.capacityUnits()).isEqualTo(1.0);
		assertThat(consumed.globalSecondaryIndexes().get("Status-DueDate-index").capacityUnits()).isEqualTo(1.0);
		assertThat(consumed.table().capacityUnits()).isZero();
	}

	@Test
	void writesCostAUnitPerKilobyteOfTheLargerImagePlusTheirIndexWrites() {
		var put = dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "Open", 2)).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
			.consumedCapacity();
		assertThat(put.table().capacityUnits()).isEqualTo(2.0);
		assertThat(put.globalSecondaryIndexes().get("Status-DueDate-index").capacityUnits()).isEqualTo(2.0);
		assertThat(put.capacityUnits()).isEqualTo(4.0);
		// moving the item to another index key deletes one index entry and writes another
		var moved = dynamo.updateItem(r -> r.tableName("Todos").key(key("T1")).updateExpression("SET #s = :s")
			.expressionAttributeNames(Map.of("#s", "Status")).expressionAttributeValues(Map.of(":s", s("Done")))
			.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
		assertThat(moved.globalSecondaryIndexes().get("Status-DueDate-index").capacityUnits()).isEqualTo(4.0);
		// a delete costs the size of the item it removes
		var deleted = dynamo.deleteItem(r -> r.tableName("Todos").key(key("T1")).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
			.consumedCapacity();
		assertThat(deleted.capacityUnits()).isEqualTo(4.0);
	}

	@Test
	void batchesAndTransactionsReportCapacityPerTableAndTransactionsCostTwice() {
		var written = dynamo.batchWriteItem(r -> r.requestItems(Map.of("Todos", List.of(
				WriteRequest.builder().putRequest(PutRequest.builder().item(item("TodoID", s("T1"))).build()).build(),
				WriteRequest.builder().putRequest(PutRequest.builder().item(item("TodoID", s("T2"))).build()).build())))
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
		assertThat(written.consumedCapacity()).singleElement().satisfies(c -> {
			assertThat(c.tableName()).isEqualTo("Todos");
			assertThat(c.capacityUnits()).isEqualTo(2.0);
		});
		var read = dynamo.batchGetItem(r -> r.requestItems(Map.of("Todos", KeysAndAttributes.builder().keys(key("T1"), key("T2")).build()))
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
		assertThat(read.consumedCapacity()).singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(1.0));
		var transacted = dynamo.transactWriteItems(r -> r.transactItems(
				TransactWriteItem.builder().put(p -> p.tableName("Todos").item(item("TodoID", s("T3")))).build())
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
		assertThat(transacted.consumedCapacity()).singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(2.0));
		var got = dynamo.transactGetItems(r -> r.transactItems(TransactGetItem.builder().get(g -> g.tableName("Todos").key(key("T3"))).build())
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
		assertThat(got.consumedCapacity()).singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(2.0));
	}
}
