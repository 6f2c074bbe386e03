package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createPkSk;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Page and request size limits as the API Reference states them (Query, Scan, BatchGetItem, BatchWriteItem,
 * TransactWriteItems, TransactGetItems), through the real AWS SDK v2.
 */
class PagingLimitsContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	private static void assertValidation(Runnable call, String messagePart) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, ex -> {
			assertThat(ex.statusCode()).isEqualTo(400);
			assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
			assertThat(ex.awsErrorDetails().errorMessage()).contains(messagePart);
		});
	}

	@Test
	void aPageCutByLimitCarriesLastEvaluatedKeyEvenOnTheLastItem(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Events", ScalarAttributeType.N);
		for (int i = 1; i <= 3; i++) {
			String sk = Integer.toString(i);
			dynamo.putItem(r -> r.tableName("Events").item(item("pk", s("a"), "sk", n(sk))));
		}
		QueryResponse first = dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("a"))).limit(3));
		assertThat(first.count()).isEqualTo(3);
		assertThat(first.lastEvaluatedKey()).isEqualTo(item("pk", s("a"), "sk", n("3")));
		QueryResponse second = dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("a"))).limit(3).exclusiveStartKey(first.lastEvaluatedKey()));
		assertThat(second.count()).isZero();
		assertThat(second.hasLastEvaluatedKey()).isFalse();
		ScanResponse scan = dynamo.scan(r -> r.tableName("Events").limit(3));
		assertThat(scan.count()).isEqualTo(3);
		assertThat(scan.hasLastEvaluatedKey()).isTrue();
		// without a limit the whole partition is one page without LastEvaluatedKey
		assertThat(dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("a")))).hasLastEvaluatedKey()).isFalse();
	}

	@Test
	void queryAndScanStopAtOneMegabyteAndPageThroughEverything(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Big", ScalarAttributeType.N);
		String payload = Fixtures.repeat('x', 256 * 1024);
		for (int i = 0; i < 8; i++) {
			String sk = Integer.toString(i);
			dynamo.putItem(r -> r.tableName("Big").item(item("pk", s("a"), "sk", n(sk), "data", s(payload))));
		}
		List<String> seen = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		int pages = 0;
		do {
			Map<String, AttributeValue> from = start;
			QueryResponse page = dynamo.query(r -> r.tableName("Big").keyConditionExpression("pk = :p")
				.expressionAttributeValues(Map.of(":p", s("a"))).exclusiveStartKey(from));
			page.items().forEach(i -> seen.add(i.get("sk").n()));
			assertThat(page.count()).isLessThanOrEqualTo(4);
			start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
			pages++;
		}
		while (start != null);
		assertThat(seen).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
		assertThat(pages).isGreaterThanOrEqualTo(2);
		ScanResponse scan = dynamo.scan(r -> r.tableName("Big"));
		assertThat(scan.count()).isLessThanOrEqualTo(4);
		assertThat(scan.hasLastEvaluatedKey()).isTrue();
	}

	@Test
	void batchGetOfMoreThan100KeysIsAValidationExceptionEvenForAMissingTable(DynamoDbClient dynamo) {
		List<Map<String, AttributeValue>> keys = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			keys.add(item("pk", s("a"), "sk", n(Integer.toString(i))));
		}
		assertValidation(() -> dynamo.batchGetItem(r -> r.requestItems(Map.of("Missing", KeysAndAttributes.builder().keys(keys).build()))),
				"Too many items requested for the BatchGetItem call");
	}

	@Test
	void batchGetAnswersUnprocessedKeysPastSixteenMegabytes(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Big", ScalarAttributeType.N);
		String payload = Fixtures.repeat('x', 390 * 1024);
		List<Map<String, AttributeValue>> keys = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String sk = Integer.toString(i);
			dynamo.putItem(r -> r.tableName("Big").item(item("pk", s("a"), "sk", n(sk), "data", s(payload))));
			keys.add(item("pk", s("a"), "sk", n(sk)));
		}
		var first = dynamo.batchGetItem(r -> r.requestItems(Map.of("Big", KeysAndAttributes.builder().keys(keys)
			.projectionExpression("pk, sk, #d").expressionAttributeNames(Map.of("#d", "data")).build())));
		int got = first.responses().get("Big").size();
		assertThat(got).isLessThan(50).isGreaterThanOrEqualTo(40);
		KeysAndAttributes rest = first.unprocessedKeys().get("Big");
		assertThat(rest.keys()).hasSize(50 - got);
		assertThat(rest.projectionExpression()).isEqualTo("pk, sk, #d");
		var second = dynamo.batchGetItem(r -> r.requestItems(first.unprocessedKeys()));
		assertThat(second.unprocessedKeys()).isEmpty();
		Map<String, Boolean> all = new HashMap<>();
		first.responses().get("Big").forEach(i -> all.put(i.get("sk").n(), true));
		second.responses().get("Big").forEach(i -> all.put(i.get("sk").n(), true));
		assertThat(all).hasSize(50);
	}

	@Test
	void batchWriteOfMoreThan25RequestsIsAValidationExceptionEvenForAMissingTable(DynamoDbClient dynamo) {
		List<WriteRequest> writes = new ArrayList<>();
		for (int i = 0; i < 26; i++) {
			writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("a"), "sk", n(Integer.toString(i)))).build()).build());
		}
		assertValidation(() -> dynamo.batchWriteItem(r -> r.requestItems(Map.of("Missing", writes))),
				"Member must have length less than or equal to 25");
	}

	@Test
	void transactionsOfMoreThan100ItemsAreValidationExceptions(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Items", ScalarAttributeType.N);
		List<TransactWriteItem> writes = new ArrayList<>();
		List<TransactGetItem> gets = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			Map<String, AttributeValue> key = item("pk", s("a"), "sk", n(Integer.toString(i)));
			writes.add(TransactWriteItem.builder().put(p -> p.tableName("Items").item(key)).build());
			gets.add(TransactGetItem.builder().get(g -> g.tableName("Items").key(key)).build());
		}
		assertValidation(() -> dynamo.transactWriteItems(r -> r.transactItems(writes)), "less than or equal to 100");
		assertValidation(() -> dynamo.transactGetItems(r -> r.transactItems(gets)), "less than or equal to 100");
		assertThat(dynamo.scan(r -> r.tableName("Items")).count()).isZero();
		dynamo.transactWriteItems(r -> r.transactItems(writes.subList(0, 100)));
		assertThat(dynamo.transactGetItems(r -> r.transactItems(gets.subList(0, 100))).responses()).hasSize(100);
	}
}
