package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.attr;
import static dev.todostreams.emulator.Fixtures.createPkSk;
import static dev.todostreams.emulator.Fixtures.hash;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Write semantics where the emulator differed from DynamoDB (issue 13), each checked against the Developer Guide
 * and API Reference page named in the test, through the real AWS SDK v2.
 */
class WriteSemanticsContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	private static AttributeValue b(int... bytes) {
		return AttributeValue.fromB(SdkBytes.fromByteArray(Fixtures.bytes(bytes)));
	}

	private static AttributeValue l(AttributeValue... values) {
		return AttributeValue.fromL(List.of(values));
	}

	@Test
	void batchWriteAcceptsDifferentBinaryKeysOfEqualLength(DynamoDbClient dynamo) {
		dynamo.createTable(r -> r.tableName("Blobs").keySchema(hash("id")).attributeDefinitions(attr("id", ScalarAttributeType.B))
			.billingMode(BillingMode.PAY_PER_REQUEST));
		var written = dynamo.batchWriteItem(r -> r.requestItems(Map.of("Blobs", List.of(
				WriteRequest.builder().putRequest(PutRequest.builder().item(item("id", b(1, 2, 3))).build()).build(),
				WriteRequest.builder().putRequest(PutRequest.builder().item(item("id", b(1, 2, 4))).build()).build()))));
		assertThat(written.unprocessedItems()).isEmpty();
		assertThat(dynamo.scan(r -> r.tableName("Blobs")).count()).isEqualTo(2);
		// the same bytes twice are still duplicates
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> dynamo.batchWriteItem(r -> r.requestItems(Map.of("Blobs", List.of(
				WriteRequest.builder().putRequest(PutRequest.builder().item(item("id", b(9, 9))).build()).build(),
				WriteRequest.builder().deleteRequest(d -> d.key(item("id", b(9, 9)))).build())))))
			.hasMessageContaining("duplicates");
	}

	@Test
	void sizeOfAStringCountsCharactersNotBytes(DynamoDbClient dynamo) {
		// Developer Guide, "Condition and filter expressions, operators, and functions", size(path): the length of a
		// string, the bytes of a binary, the elements of a set, the child elements of a list or map
		createPkSk(dynamo, "Sizes", ScalarAttributeType.S);
		dynamo.putItem(r -> r.tableName("Sizes").item(item("pk", s("a"), "sk", s("1"), "text", s("héllo wörld"), "bin", b(1, 2, 3),
				"set", AttributeValue.fromSs(List.of("x", "y")), "list", l(s("a"), s("b"), s("c"), s("d")),
				"map", AttributeValue.fromM(Map.of("k", n("1"))))));
		Map<String, Integer> expected = Map.of("text", 11, "bin", 3, "set", 2, "list", 4, "map", 1);
		expected.forEach((attribute, size) -> {
			var hit = dynamo.query(r -> r.tableName("Sizes").keyConditionExpression("pk = :p")
				.filterExpression("size(#a) = :n").expressionAttributeNames(Map.of("#a", attribute))
				.expressionAttributeValues(Map.of(":p", s("a"), ":n", n(Integer.toString(size)))));
			assertThat(hit.count()).as("size(%s) = %d", attribute, size).isEqualTo(1);
		});
	}

	@Test
	void anUpdateWithOnlyRemoveOnAMissingItemCreatesNothing(DynamoDbClient dynamo) {
		createPkSk(dynamo, "Items", ScalarAttributeType.S);
		var response = dynamo.updateItem(r -> r.tableName("Items").key(item("pk", s("a"), "sk", s("1")))
			.updateExpression("REMOVE gone").returnValues(ReturnValue.ALL_NEW));
		assertThat(response.hasAttributes()).isFalse();
		assertThat(dynamo.getItem(r -> r.tableName("Items").key(item("pk", s("a"), "sk", s("1")))).hasItem()).isFalse();
		// an update that sets something does create the item
		dynamo.updateItem(r -> r.tableName("Items").key(item("pk", s("a"), "sk", s("1")))
			.updateExpression("SET x = :x REMOVE gone").expressionAttributeValues(Map.of(":x", n("1"))));
		assertThat(dynamo.getItem(r -> r.tableName("Items").key(item("pk", s("a"), "sk", s("1")))).item())
			.isEqualTo(item("pk", s("a"), "sk", s("1"), "x", n("1")));
	}

	@Test
	void severalListElementsSetPastTheEndAreAppendedInIndexOrder(DynamoDbClient dynamo) {
		// Developer Guide, "Using update expressions in DynamoDB", Adding elements to a list: an index past the end
		// adds the element at the end; several such elements are added in the order of their indexes
		createPkSk(dynamo, "Lists", ScalarAttributeType.S);
		dynamo.putItem(r -> r.tableName("Lists").item(item("pk", s("a"), "sk", s("1"), "l", l(s("a"), s("b")))));
		dynamo.updateItem(r -> r.tableName("Lists").key(item("pk", s("a"), "sk", s("1")))
			.updateExpression("SET l[9] = :nine, l[4] = :four, l[6] = :six")
			.expressionAttributeValues(Map.of(":nine", s("9"), ":four", s("4"), ":six", s("6"))));
		assertThat(dynamo.getItem(r -> r.tableName("Lists").key(item("pk", s("a"), "sk", s("1")))).item().get("l").l())
			.containsExactly(s("a"), s("b"), s("4"), s("6"), s("9"));
	}

	@Test
	void updatedOldAndNewReturnOnlyTheUpdatedPathsAsNestedValues(DynamoDbClient dynamo) {
		// API Reference, UpdateItem, ReturnValues: UPDATED_OLD / UPDATED_NEW return only the updated attributes
		createPkSk(dynamo, "Docs", ScalarAttributeType.S);
		Map<String, AttributeValue> key = item("pk", s("a"), "sk", s("1"));
		dynamo.putItem(r -> r.tableName("Docs").item(item("pk", s("a"), "sk", s("1"), "meta",
				AttributeValue.fromM(Map.of("holder", s("ann"), "amount", n("3"), "parts", l(s("x"), s("y"), s("z")))), "kept", s("keep"))));
		var old = dynamo.updateItem(r -> r.tableName("Docs").key(key)
			.updateExpression("SET meta.holder = :bob, meta.parts[1] = :w REMOVE meta.amount")
			.expressionAttributeValues(Map.of(":bob", s("bob"), ":w", s("w"))).returnValues(ReturnValue.UPDATED_OLD));
		assertThat(old.attributes()).isEqualTo(Map.of("meta",
				AttributeValue.fromM(Map.of("holder", s("ann"), "amount", n("3"), "parts", l(s("y"))))));
		var updated = dynamo.updateItem(r -> r.tableName("Docs").key(key)
			.updateExpression("SET meta.holder = :cy ADD hits :one")
			.expressionAttributeValues(Map.of(":cy", s("cy"), ":one", n("1"))).returnValues(ReturnValue.UPDATED_NEW));
		assertThat(updated.attributes()).isEqualTo(Map.of("meta", AttributeValue.fromM(Map.of("holder", s("cy"))), "hits", n("1")));
	}
}
