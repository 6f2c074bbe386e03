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
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Scan order as on DynamoDB (Developer Guide, "Scanning tables", "Parallel scan"): partitions in hash order (not key
 * order), a partition's items in sort key order, and parallel scan segments as contiguous hash ranges.
 */
class ScanOrderContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	private static List<String> ids(List<Map<String, AttributeValue>> items, String attribute) {
		return items.stream().map(i -> i.get(attribute).s()).toList();
	}

	private static Set<String> segment(DynamoDbClient dynamo, int segment, int total) {
		return new HashSet<>(ids(dynamo.scan(r -> r.tableName("Todos").segment(segment).totalSegments(total)).items(), "TodoID"));
	}

	@Test
	void scanReturnsPartitionsInHashOrderAndEachPartitionInSortKeyOrder(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Events", ScalarAttributeType.N);
		for (int p = 0; p < 20; p++) {
			for (int sk = 3; sk >= 1; sk--) {
				String pk = String.format("p%02d", p);
				String sort = Integer.toString(sk);
				dynamo.putItem(r -> r.tableName("Events").item(item("pk", s(pk), "sk", n(sort))));
			}
		}
		var items = dynamo.scan(r -> r.tableName("Events")).items();
		List<String> partitions = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			String pk = items.get(i).get("pk").s();
			if (i % 3 == 0) {
				partitions.add(pk);
			}
			// a partition's items come together, in sort key order
			assertThat(pk).isEqualTo(partitions.get(partitions.size() - 1));
			assertThat(items.get(i).get("sk").n()).isEqualTo(Integer.toString(i % 3 + 1));
		}
		assertThat(partitions).hasSize(20).doesNotHaveDuplicates();
		assertThat(partitions).isNotEqualTo(partitions.stream().sorted().toList());
		// the order is stable, and paging with Limit walks the same order
		assertThat(dynamo.scan(r -> r.tableName("Events")).items()).isEqualTo(items);
		List<Map<String, AttributeValue>> paged = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		do {
			Map<String, AttributeValue> from = start;
			var page = dynamo.scan(r -> r.tableName("Events").limit(7).exclusiveStartKey(from));
			paged.addAll(page.items());
			start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
		}
		while (start != null);
		assertThat(paged).isEqualTo(items);
	}

	@Test
	void parallelScanSegmentsAreContiguousHashRanges(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		Set<String> all = new HashSet<>();
		for (int i = 0; i < 64; i++) {
			String id = "T" + i;
			all.add(id);
			dynamo.putItem(r -> r.tableName("Todos").item(Fixtures.todo(id, "Open")));
		}
		Set<String> half0 = segment(dynamo, 0, 2);
		Set<String> half1 = segment(dynamo, 1, 2);
		Set<String> quarter0 = segment(dynamo, 0, 4);
		Set<String> quarter1 = segment(dynamo, 1, 4);
		assertThat(half0).doesNotContainAnyElementsOf(half1);
		Set<String> union = new HashSet<>(half0);
		union.addAll(half1);
		assertThat(union).isEqualTo(all);
		// segment 0 of 4 lies inside segment 0 of 2, and segments 0 and 1 of 4 make it up
		assertThat(half0).containsAll(quarter0);
		Set<String> quarters = new HashSet<>(quarter0);
		quarters.addAll(quarter1);
		assertThat(quarters).isEqualTo(half0);
		// a starting key from another segment is refused, not a 500
		var first = dynamo.scan(r -> r.tableName("Todos").segment(1).totalSegments(2).limit(1));
		assertThatThrownBy(() -> dynamo.scan(r -> r.tableName("Todos").segment(0).totalSegments(2).exclusiveStartKey(first.lastEvaluatedKey())))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	@Test
	void aScanOfAnIndexKeepsEachIndexPartitionInTheIndexOrder(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		String[] statuses = { "Open", "Done", "Blocked", "Review" };
		for (int i = 0; i < 24; i++) {
			String id = "T" + i;
			String due = String.format("2024-03-%02d", 28 - i);
			String status = statuses[i % statuses.length];
			dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s(id), "Status", s(status), "DueDate", s(due))));
		}
		var items = dynamo.scan(r -> r.tableName("Todos").indexName("Status-DueDate-index")).items();
		assertThat(items).hasSize(24);
		for (int i = 1; i < items.size(); i++) {
			if (items.get(i).get("Status").equals(items.get(i - 1).get("Status"))) {
				assertThat(items.get(i).get("DueDate").s()).isGreaterThan(items.get(i - 1).get("DueDate").s());
			}
		}
		// each status's entries come together: the status changes only three times along the scan
		List<String> byStatus = ids(items, "Status");
		long changes = java.util.stream.IntStream.range(1, byStatus.size()).filter(i -> !byStatus.get(i).equals(byStatus.get(i - 1))).count();
		assertThat(changes).isEqualTo(3);
	}
}
