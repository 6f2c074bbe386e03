package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.s;
import static dev.todostreams.emulator.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchGetItem, BatchWriteItem, TransactWriteItems and TransactGetItems through the real AWS SDK v2. */
class BatchTransactContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	DynamoDbClient dynamo;

	@BeforeEach
	void createTable() {
		dynamo = emulator.dynamoDb();
		createTodos(dynamo, "Todos");
	}

	private static WriteRequest put(String id) {
		return WriteRequest.builder().putRequest(PutRequest.builder().item(todo(id, "Not Started")).build()).build();
	}

	@Test
	void batchWriteThenBatchGet() {
		List<WriteRequest> writes = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			writes.add(put("T" + (1000 + i)));
		}
		var written = dynamo.batchWriteItem(r -> r.requestItems(Map.of("Todos", writes)));
		assertThat(written.unprocessedItems()).isEmpty();
		dynamo.batchWriteItem(r -> r.requestItems(Map.of("Todos",
				List.of(WriteRequest.builder().deleteRequest(d -> d.key(Map.of("TodoID", s("T1000")))).build()))));
		var read = dynamo.batchGetItem(r -> r.requestItems(Map.of("Todos", KeysAndAttributes.builder()
			.keys(Map.of("TodoID", s("T1000")), Map.of("TodoID", s("T1001")), Map.of("TodoID", s("T1024")))
			.projectionExpression("TodoID, #s")
			.expressionAttributeNames(Map.of("#s", "Status"))
			.build())));
		assertThat(read.responses().get("Todos")).containsExactlyInAnyOrder(
				item("TodoID", s("T1001"), "Status", s("Not Started")), item("TodoID", s("T1024"), "Status", s("Not Started")));
		assertThat(read.unprocessedKeys()).isEmpty();
	}

	@Test
	void batchLimitsAndDuplicatesAreRefused() {
		List<WriteRequest> tooMany = new ArrayList<>();
		for (int i = 0; i < 26; i++) {
			tooMany.add(put("T" + i));
		}
		assertThatThrownBy(() -> dynamo.batchWriteItem(r -> r.requestItems(Map.of("Todos", tooMany))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("25");
		assertThatThrownBy(() -> dynamo.batchWriteItem(r -> r.requestItems(Map.of("Todos", List.of(put("T1"), put("T1"))))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("duplicates");
		assertThatThrownBy(() -> dynamo.batchGetItem(r -> r.requestItems(Map.of("Todos",
				KeysAndAttributes.builder().keys(Map.of("TodoID", s("T1")), Map.of("TodoID", s("T1"))).build()))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("duplicates");
		assertThat(dynamo.scan(r -> r.tableName("Todos")).count()).isZero();
	}

	@Test
	void transactionAppliesAllOrNothingWithCancellationReasons() {
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("counter"), "next", n("1001"))));
		dynamo.transactWriteItems(r -> r.transactItems(
				TransactWriteItem.builder().update(u -> u.tableName("Todos").key(Map.of("TodoID", s("counter")))
					.updateExpression("ADD #n :one").expressionAttributeNames(Map.of("#n", "next"))
					.expressionAttributeValues(Map.of(":one", n("1")))).build(),
				TransactWriteItem.builder().put(p -> p.tableName("Todos").item(todo("T1001", "Not Started"))
					.conditionExpression("attribute_not_exists(TodoID)")).build()));
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("counter")))).item().get("next")).isEqualTo(n("1002"));

		assertThatThrownBy(() -> dynamo.transactWriteItems(r -> r.transactItems(
				TransactWriteItem.builder().update(u -> u.tableName("Todos").key(Map.of("TodoID", s("counter")))
					.updateExpression("ADD #n :one").expressionAttributeNames(Map.of("#n", "next"))
					.expressionAttributeValues(Map.of(":one", n("1")))).build(),
				TransactWriteItem.builder().put(p -> p.tableName("Todos").item(todo("T1001", "completed"))
					.conditionExpression("attribute_not_exists(TodoID)")
					.returnValuesOnConditionCheckFailure("ALL_OLD")).build())))
			.isInstanceOfSatisfying(TransactionCanceledException.class, ex -> {
				assertThat(ex.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
				assertThat(ex.cancellationReasons().get(1).item()).isEqualTo(todo("T1001", "Not Started"));
			});
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("counter")))).item().get("next")).isEqualTo(n("1002"));
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001")))).item().get("Status"))
			.isEqualTo(s("Not Started"));
	}

	@Test
	void transactionConditionCheckAndDelete() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "completed")));
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T2", "completed")));
		dynamo.transactWriteItems(r -> r.transactItems(
				TransactWriteItem.builder().conditionCheck(c -> c.tableName("Todos").key(Map.of("TodoID", s("T1")))
					.conditionExpression("#s = :c").expressionAttributeNames(Map.of("#s", "Status"))
					.expressionAttributeValues(Map.of(":c", s("completed")))).build(),
				TransactWriteItem.builder().delete(d -> d.tableName("Todos").key(Map.of("TodoID", s("T2")))).build()));
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T2")))).hasItem()).isFalse();
		assertThatThrownBy(() -> dynamo.transactWriteItems(r -> r.transactItems(
				TransactWriteItem.builder().delete(d -> d.tableName("Todos").key(Map.of("TodoID", s("T1")))).build(),
				TransactWriteItem.builder().conditionCheck(c -> c.tableName("Todos").key(Map.of("TodoID", s("T1")))
					.conditionExpression("attribute_exists(TodoID)")).build())))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("multiple operations on one item");
	}

	@Test
	void transactGetReadsSeveralItems() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1", "completed")));
		var response = dynamo.transactGetItems(r -> r.transactItems(
				TransactGetItem.builder().get(g -> g.tableName("Todos").key(Map.of("TodoID", s("T1")))).build(),
				TransactGetItem.builder().get(g -> g.tableName("Todos").key(Map.of("TodoID", s("T404")))).build()));
		assertThat(response.responses()).hasSize(2);
		assertThat(response.responses().get(0).item()).isEqualTo(todo("T1", "completed"));
		assertThat(response.responses().get(1).hasItem()).isFalse();
	}
}
