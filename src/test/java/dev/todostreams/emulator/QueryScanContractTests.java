package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createPkSk;
import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query and Scan through the real AWS SDK v2: key conditions, filters, paging, indexes, segments. */
class QueryScanContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	private void fillNumbers(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Events", ScalarAttributeType.N);
		for (int i = 1; i <= 20; i++) {
			int sk = i;
			dynamo.putItem(r -> r.tableName("Events").item(item("pk", s("p1"), "sk", n(Integer.toString(sk)), "even",
					AttributeValue.fromBool(sk % 2 == 0))));
		}
		dynamo.putItem(r -> r.tableName("Events").item(item("pk", s("p2"), "sk", n("1"))));
	}

	private static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
		return items.stream().map(i -> i.get("sk").n()).toList();
	}

	@Test
	void queryOrdersNumbersByValueAndHonoursDirection(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		QueryResponse asc = dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p1"))));
		assertThat(asc.count()).isEqualTo(20);
		assertThat(sortKeys(asc.items())).startsWith("1", "2", "3").endsWith("19", "20");
		QueryResponse desc = dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p1"))).scanIndexForward(false).limit(3));
		assertThat(sortKeys(desc.items())).containsExactly("20", "19", "18");
	}

	@Test
	void sortKeyConditions(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		assertThat(sortKeys(dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
			.expressionAttributeValues(Map.of(":p", s("p1"), ":a", n("5"), ":b", n("7")))).items())).containsExactly("5", "6", "7");
		assertThat(sortKeys(dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p AND sk > :a")
			.expressionAttributeValues(Map.of(":p", s("p1"), ":a", n("18")))).items())).containsExactly("19", "20");
		assertThat(sortKeys(dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p AND sk <= :a")
			.expressionAttributeValues(Map.of(":p", s("p1"), ":a", n("2")))).items())).containsExactly("1", "2");
	}

	@Test
	void beginsWithOnStringSortKeys(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Docs", ScalarAttributeType.S);
		for (String sk : List.of("2024-01-05", "2024-02-01", "2024-02-17", "2025-02-01")) {
			dynamo.putItem(r -> r.tableName("Docs").item(item("pk", s("a"), "sk", s(sk))));
		}
		var items = dynamo.query(r -> r.tableName("Docs").keyConditionExpression("pk = :p AND begins_with(sk, :m)")
			.expressionAttributeValues(Map.of(":p", s("a"), ":m", s("2024-02")))).items();
		assertThat(items).extracting(i -> i.get("sk").s()).containsExactly("2024-02-01", "2024-02-17");
	}

	@Test
	void filterAppliesAfterLimitAndCountsScannedItems(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		QueryResponse page = dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.filterExpression("even = :t")
			.expressionAttributeValues(Map.of(":p", s("p1"), ":t", AttributeValue.fromBool(true)))
			.limit(5));
		assertThat(page.scannedCount()).isEqualTo(5);
		assertThat(sortKeys(page.items())).containsExactly("2", "4");
		assertThat(page.lastEvaluatedKey()).isEqualTo(item("pk", s("p1"), "sk", n("5")));
	}

	@Test
	void paginatorWalksAllPagesWithExclusiveStartKey(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		List<String> all = new ArrayList<>();
		dynamo.queryPaginator(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p1"))).limit(6)).items().forEach(i -> all.add(i.get("sk").n()));
		assertThat(all).hasSize(20).doesNotHaveDuplicates();
	}

	@Test
	void selectCountReturnsNoItems(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		QueryResponse count = dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p1"))).select(Select.COUNT));
		assertThat(count.count()).isEqualTo(20);
		assertThat(count.hasItems()).isFalse();
	}

	@Test
	void legacyKeyConditionsAndQueryFilter(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		QueryResponse response = dynamo.query(r -> r.tableName("Events")
			.keyConditions(Map.of("pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("p1")).build(),
					"sk", Condition.builder().comparisonOperator(ComparisonOperator.GT).attributeValueList(n("15")).build()))
			.queryFilter(Map.of("even", Condition.builder().comparisonOperator(ComparisonOperator.EQ)
				.attributeValueList(AttributeValue.fromBool(true)).build())));
		assertThat(sortKeys(response.items())).containsExactly("16", "18", "20");
	}

	@Test
	void invalidKeyConditionsAreRefused(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Events").keyConditionExpression("sk = :a")
			.expressionAttributeValues(Map.of(":a", n("1")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("pk");
		assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p OR sk = :a")
			.expressionAttributeValues(Map.of(":p", s("p1"), ":a", n("1")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("KeyConditionExpression");
		assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", n("1")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("type");
	}

	@Test
	void globalIndexIsSparseOrderedByRangeAndFollowsUpdates(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T1"), "Status", s("In Progress"), "DueDate", s("2024-03-25"))));
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T2"), "Status", s("In Progress"), "DueDate", s("2024-01-01"))));
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T3"), "Status", s("In Progress"))));
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T4"), "Status", s("completed"), "DueDate", s("2024-02-01"))));
		var inProgress = queryStatus(dynamo, "In Progress");
		assertThat(inProgress).containsExactly("T2", "T1");
		dynamo.updateItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1"))).updateExpression("SET #s = :c")
			.expressionAttributeNames(Map.of("#s", "Status")).expressionAttributeValues(Map.of(":c", s("completed"))));
		assertThat(queryStatus(dynamo, "In Progress")).containsExactly("T2");
		assertThat(queryStatus(dynamo, "completed")).containsExactly("T4", "T1");
		dynamo.deleteItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T4"))));
		assertThat(queryStatus(dynamo, "completed")).containsExactly("T1");
		assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Todos").indexName("Status-DueDate-index").consistentRead(true)
			.keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s("completed")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("Consistent reads are not supported");
	}

	@Test
	void indexPagesCarryIndexAndTableKeys(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		for (int i = 1; i <= 5; i++) {
			String id = "T" + i;
			dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s(id), "Status", s("open"), "DueDate", s("2024-03-25"))));
		}
		QueryResponse first = dynamo.query(r -> r.tableName("Todos").indexName("Status-DueDate-index")
			.keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s("open"))).limit(2));
		assertThat(first.lastEvaluatedKey()).containsOnlyKeys("TodoID", "Status", "DueDate");
		Set<String> ids = new HashSet<>();
		dynamo.queryPaginator(r -> r.tableName("Todos").indexName("Status-DueDate-index")
			.keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s("open"))).limit(2)).items().forEach(i -> ids.add(i.get("TodoID").s()));
		assertThat(ids).hasSize(5);
	}

	private static List<String> queryStatus(DynamoDbClient dynamo, String status) {
		return dynamo.query(r -> r.tableName("Todos").indexName("Status-DueDate-index")
			.keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s(status)))).items().stream().map(i -> i.get("TodoID").s()).toList();
	}

	@Test
	void scanFiltersAndPages(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		ScanResponse filtered = dynamo.scan(r -> r.tableName("Events").filterExpression("sk > :ten AND attribute_exists(even)")
			.expressionAttributeValues(Map.of(":ten", n("10"))));
		assertThat(filtered.count()).isEqualTo(10);
		assertThat(filtered.scannedCount()).isEqualTo(21);
		List<Map<String, AttributeValue>> all = new ArrayList<>();
		dynamo.scanPaginator(r -> r.tableName("Events").limit(1)).items().forEach(all::add);
		assertThat(all).hasSize(21);
	}

	@Test
	void parallelScanSegmentsCoverEveryItemOnce(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		for (int i = 0; i < 40; i++) {
			String id = "T" + (1000 + i);
			dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s(id))));
		}
		List<String> seen = new ArrayList<>();
		for (int segment = 0; segment < 4; segment++) {
			int seg = segment;
			dynamo.scanPaginator(r -> r.tableName("Todos").segment(seg).totalSegments(4).limit(3)).items()
				.forEach(i -> seen.add(i.get("TodoID").s()));
		}
		assertThat(seen).hasSize(40).doesNotHaveDuplicates();
		assertThatThrownBy(() -> dynamo.scan(r -> r.tableName("Todos").segment(4).totalSegments(4)))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("Segment");
	}

	@Test
	void pagesStopAtOneMegabyte(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Big", ScalarAttributeType.N);
		String payload = Fixtures.repeat('x', 300 * 1024);
		for (int i = 0; i < 6; i++) {
			int sk = i;
			dynamo.putItem(r -> r.tableName("Big").item(item("pk", s("a"), "sk", n(Integer.toString(sk)), "data", s(payload))));
		}
		QueryResponse page = dynamo.query(r -> r.tableName("Big").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("a"))));
		assertThat(page.count()).isLessThan(6).isGreaterThan(0);
		assertThat(page.hasLastEvaluatedKey()).isTrue();
		ScanResponse scan = dynamo.scan(r -> r.tableName("Big"));
		assertThat(scan.count()).isLessThan(6);
	}

	@Test
	void aStartingKeyOutsideTheKeyConditionIsAValidationException(DynamoDbClient dynamo) {
		fillNumbers(dynamo);
		String outside = "The provided starting key is outside query boundaries based on provided conditions";
		// another partition of the table
		assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p1"))).exclusiveStartKey(item("pk", s("p2"), "sk", n("1")))))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorMessage()).isEqualTo(outside);
			});
		// the right partition, a sort key outside the range condition, both directions
		for (boolean forward : new boolean[] { true, false }) {
			assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
				.expressionAttributeValues(Map.of(":p", s("p1"), ":a", n("5"), ":b", n("8"))).scanIndexForward(forward)
				.exclusiveStartKey(item("pk", s("p1"), "sk", n("15")))))
				.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorMessage()).isEqualTo(outside));
		}
		// inside the condition it pages on
		QueryResponse inside = dynamo.query(r -> r.tableName("Events").keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
			.expressionAttributeValues(Map.of(":p", s("p1"), ":a", n("5"), ":b", n("8")))
			.exclusiveStartKey(item("pk", s("p1"), "sk", n("6"))));
		assertThat(sortKeys(inside.items())).containsExactly("7", "8");
	}

	@Test
	void aStartingKeyFromAnotherIndexPartitionIsAValidationException(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(Fixtures.todo("T1", "Done")));
		dynamo.putItem(r -> r.tableName("Todos").item(Fixtures.todo("T2", "Open")));
		Map<String, AttributeValue> otherPartition = item("TodoID", s("T2"), "Status", s("Open"), "DueDate", s("2024-03-25"));
		for (boolean forward : new boolean[] { true, false }) {
			assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Todos").indexName("Status-DueDate-index")
				.keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "Status"))
				.expressionAttributeValues(Map.of(":s", s("Done"))).scanIndexForward(forward).exclusiveStartKey(otherPartition)))
				.isInstanceOfSatisfying(DynamoDbException.class, ex -> {
					assertThat(ex.statusCode()).isEqualTo(400);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
					assertThat(ex.awsErrorDetails().errorMessage()).contains("outside query boundaries");
				});
		}
	}
}
