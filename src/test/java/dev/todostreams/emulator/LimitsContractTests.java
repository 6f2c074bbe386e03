package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createPkSk;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.repeat;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB's limits (Developer Guide, "Constraints in Amazon DynamoDB"): nested attributes up to 32 levels, item
 * 400 KB, partition key 2048 bytes, sort key 1024 bytes, expressions 4 KB, attribute names 64 KB, numbers 38 digits
 * in 1E-130..1E126. Past a limit the answer is a ValidationException, never a 500, and nothing is stored.
 */
class LimitsContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	DynamoDbClient dynamo;

	@BeforeEach
	void table() {
		dynamo = emulator.dynamoDb();
		createPkSk(dynamo, "Tbl", ScalarAttributeType.S);
	}

	/** A value at {@code level} levels: level 1 is a scalar, each level more wraps it in a map or a list. */
	static AttributeValue nested(int level, boolean lists) {
		AttributeValue v = s("leaf");
		for (int i = 1; i < level; i++) {
			v = lists ? AttributeValue.fromL(List.of(v)) : AttributeValue.fromM(Map.of("m", v));
		}
		return v;
	}

	private void assertValidation(Runnable call, String messagePart) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, ex -> {
			assertThat(ex.statusCode()).isEqualTo(400);
			assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
			assertThat(ex.getMessage()).contains(messagePart);
		});
	}

	private boolean stored(String pk, String sk) {
		return dynamo.getItem(r -> r.tableName("Tbl").key(item("pk", s(pk), "sk", s(sk)))).hasItem();
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void valuesNestUpTo32LevelsAndNoDeeper(boolean lists) {
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), "deep", nested(32, lists))));
		assertThat(dynamo.getItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1")))).item().get("deep"))
			.isEqualTo(nested(32, lists));
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("2"), "deep", nested(33, lists)))),
				"Nesting Levels have exceeded supported limits");
		assertThat(stored("a", "2")).isFalse();
		// 254 levels (the depth the JSON reader allows) is refused the same way
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("3"), "deep", nested(254, lists)))),
				"Nesting Levels");
	}

	@Test
	void anUpdateCannotNestDeeperThan32Levels() {
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), "m", AttributeValue.fromM(Map.of()))));
		// the value is 31 levels, the path puts it one level down: 32 is fine, 33 is not
		dynamo.updateItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET m.x = :v")
			.expressionAttributeValues(Map.of(":v", nested(31, false))));
		assertValidation(() -> dynamo.updateItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1")))
			.updateExpression("SET m.x = :v").expressionAttributeValues(Map.of(":v", nested(32, false)))), "Nesting Levels");
		assertThat(dynamo.getItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1")))).item().get("m"))
			.isEqualTo(AttributeValue.fromM(Map.of("x", nested(31, false))));
	}

	@Test
	void aTransactionWithOneTooDeepItemChangesNothing() {
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), "m", AttributeValue.fromM(Map.of()))));
		assertValidation(() -> dynamo.transactWriteItems(r -> r.transactItems(
				t -> t.put(p -> p.tableName("Tbl").item(item("pk", s("b"), "sk", s("1")))),
				t -> t.update(u -> u.tableName("Tbl").key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET m.x = :v")
					.expressionAttributeValues(Map.of(":v", nested(32, false)))))), "Nesting Levels");
		assertThat(stored("b", "1")).isFalse();
	}

	@Test
	void partitionKeysUpTo2048BytesAndSortKeysUpTo1024Bytes() {
		String hash2048 = repeat('\u00e9', 1024); // 2 bytes each in UTF-8
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s(hash2048), "sk", s(repeat('x', 1024)))));
		assertThat(stored(hash2048, repeat('x', 1024))).isTrue();
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s(hash2048 + "x"), "sk", s("1")))),
				"Size of hashkey has exceeded the maximum size limit of 2048 bytes");
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s(repeat('x', 1025))))),
				"Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s(repeat('k', 3000)), "sk", s("1")))),
				"Size of hashkey");
		// reads with an oversized key are refused too
		assertValidation(() -> dynamo.getItem(r -> r.tableName("Tbl").key(item("pk", s(repeat('k', 3000)), "sk", s("1")))),
				"Size of hashkey");
	}

	@Test
	void binaryKeysCountBytes() {
		dynamo.createTable(r -> r.tableName("Bin").keySchema(Fixtures.hash("pk"))
			.attributeDefinitions(Fixtures.attr("pk", ScalarAttributeType.B)).billingMode("PAY_PER_REQUEST"));
		dynamo.putItem(r -> r.tableName("Bin").item(item("pk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[2048])))));
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Bin")
			.item(item("pk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[2049]))))), "Size of hashkey");
	}

	@Test
	void itemsUpTo400Kilobytes() {
		// names and values count: "pk" + "a" + "sk" + "1" + "big" + value = 400 KB exactly
		int rest = 400 * 1024 - (2 + 1 + 2 + 1 + 3);
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), "big", s(repeat('x', rest)))));
		assertThat(stored("a", "1")).isTrue();
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("2"), "big", s(repeat('x', rest + 1))))),
				"Item size has exceeded the maximum allowed size");
		assertThat(stored("a", "2")).isFalse();
	}

	@Test
	void expressionsUpTo4Kilobytes() {
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), "n", n("1"))));
		String padded = "n = :v" + " ".repeat(4096 - 6);
		dynamo.updateItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET n = n")
			.conditionExpression(padded).expressionAttributeValues(Map.of(":v", n("1"))));
		assertValidation(() -> dynamo.updateItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1")))
			.updateExpression("SET n = n").conditionExpression(padded + " ").expressionAttributeValues(Map.of(":v", n("1")))),
				"Expression size has exceeded the maximum allowed size");
	}

	@Test
	void deeplyNestedExpressionsWithin4KilobytesAreEvaluated() {
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), "n", n("1"))));
		int depth = (4096 - 6) / 2;
		String parens = "(".repeat(depth) + "n = :v" + ")".repeat(depth);
		// redundant parentheses are refused by DynamoDB's parser: a ValidationException, not a stack overflow
		assertValidation(() -> dynamo.deleteItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1")))
			.conditionExpression(parens).expressionAttributeValues(Map.of(":v", n("1")))), "");
		String nots = "NOT ".repeat(1022) + "n = :v";
		dynamo.deleteItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1"))).conditionExpression(nots)
			.expressionAttributeValues(Map.of(":v", n("1"))));
		assertThat(stored("a", "1")).isFalse();
		String path = "SET m" + ".m".repeat(2000) + " = :v";
		assertValidation(() -> dynamo.updateItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1")))
			.updateExpression(path).expressionAttributeValues(Map.of(":v", n("1")))), "");
	}

	@Test
	void attributeNamesUpTo64Kilobytes() {
		String longest = repeat('a', 65535);
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), longest, n("1"))));
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("2"), longest + "a", n("1")))),
				"attribute name");
	}

	@Test
	void numbersKeep38DigitsAndComeBackInPlainDigits() {
		String digits38 = "1234567890123456789012345678901234567.8";
		dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"), "big", n("9.99E+125"), "small", n("1E-130"),
				"exact", n(digits38))));
		Map<String, AttributeValue> stored = dynamo.getItem(r -> r.tableName("Tbl").key(item("pk", s("a"), "sk", s("1")))).item();
		assertThat(stored.get("big").n()).isEqualTo("999" + "0".repeat(123));
		assertThat(stored.get("small").n()).isEqualTo("0." + "0".repeat(129) + "1");
		assertThat(stored.get("exact").n()).isEqualTo(digits38);
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("2"), "n", n("1" + digits38)))),
				"38 significant digits");
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("2"), "n", n("1E+126")))),
				"Number overflow");
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("2"), "n", n("1E-131")))),
				"Number underflow");
	}
}
