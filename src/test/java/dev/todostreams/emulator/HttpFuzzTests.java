package dev.todostreams.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.todostreams.emulator.json.Json;

/**
 * A bounded fuzz of the HTTP endpoint: for every operation, valid requests mutated at random (values of the wrong
 * JSON type anywhere in the tree, malformed JSON, deep nesting, huge values) on one keep-alive connection. No answer
 * may be a 5xx, every answer must be a well-formed AWS error or result, and the connection must stay open.
 * The seed is fixed, so a failure repeats.
 */
class HttpFuzzTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	private static final int MUTATIONS_PER_OPERATION = 80;

	private static Map<String, Object> map(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static Map<String, Object> s(String v) {
		return map("S", v);
	}

	/** One plausible request per operation, the starting point of the mutations. */
	private static Map<String, Map<String, Object>> templates(String streamArn) {
		Map<String, Object> key = map("pk", s("a"), "sk", s("1"));
		Map<String, Object> item = map("pk", s("a"), "sk", s("1"), "n", map("N", "1"), "l", map("L", List.of(s("x"))),
				"m", map("M", map("k", map("SS", List.of("a", "b")))));
		Map<String, Object> names = map("#n", "n");
		Map<String, Object> values = map(":v", map("N", "1"), ":p", s("a"));
		Map<String, Map<String, Object>> t = new LinkedHashMap<>();
		t.put("DynamoDB_20120810.CreateTable", map("TableName", "Fuzz2", "KeySchema",
				List.of(map("AttributeName", "pk", "KeyType", "HASH")), "AttributeDefinitions",
				List.of(map("AttributeName", "pk", "AttributeType", "S")), "BillingMode", "PAY_PER_REQUEST"));
		t.put("DynamoDB_20120810.DescribeTable", map("TableName", "Fuzz"));
		t.put("DynamoDB_20120810.UpdateTable", map("TableName", "Fuzz", "BillingMode", "PAY_PER_REQUEST",
				"GlobalSecondaryIndexUpdates", List.of(map("Create", map("IndexName", "G", "KeySchema",
						List.of(map("AttributeName", "n", "KeyType", "HASH")), "Projection", map("ProjectionType", "ALL"))))));
		t.put("DynamoDB_20120810.ListTables", map("Limit", 10, "ExclusiveStartTableName", "A"));
		t.put("DynamoDB_20120810.UpdateTimeToLive", map("TableName", "Fuzz", "TimeToLiveSpecification",
				map("AttributeName", "ttl", "Enabled", true)));
		t.put("DynamoDB_20120810.DescribeTimeToLive", map("TableName", "Fuzz"));
		t.put("DynamoDB_20120810.TagResource", map("ResourceArn", "arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz",
				"Tags", List.of(map("Key", "k", "Value", "v"))));
		t.put("DynamoDB_20120810.UntagResource", map("ResourceArn", "arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz",
				"TagKeys", List.of("k")));
		t.put("DynamoDB_20120810.ListTagsOfResource", map("ResourceArn", "arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz"));
		t.put("DynamoDB_20120810.DescribeContinuousBackups", map("TableName", "Fuzz"));
		t.put("DynamoDB_20120810.UpdateContinuousBackups", map("TableName", "Fuzz", "PointInTimeRecoverySpecification",
				map("PointInTimeRecoveryEnabled", true)));
		t.put("DynamoDB_20120810.DescribeLimits", map());
		t.put("DynamoDB_20120810.DescribeEndpoints", map());
		t.put("DynamoDB_20120810.PutItem", map("TableName", "Fuzz", "Item", item, "ConditionExpression",
				"attribute_not_exists(#n) OR #n < :v", "ExpressionAttributeNames", names, "ExpressionAttributeValues", values,
				"ReturnValues", "ALL_OLD", "ReturnConsumedCapacity", "INDEXES"));
		t.put("DynamoDB_20120810.GetItem", map("TableName", "Fuzz", "Key", key, "ProjectionExpression", "#n, l[0], m.k",
				"ExpressionAttributeNames", names, "ConsistentRead", true));
		t.put("DynamoDB_20120810.UpdateItem", map("TableName", "Fuzz", "Key", key, "UpdateExpression",
				"SET #n = #n + :v, l[3] = :p REMOVE m.k ADD s :v", "ExpressionAttributeNames", names,
				"ExpressionAttributeValues", values, "ReturnValues", "UPDATED_NEW"));
		t.put("DynamoDB_20120810.DeleteItem", map("TableName", "Fuzz", "Key", key, "Expected",
				map("n", map("ComparisonOperator", "GT", "AttributeValueList", List.of(map("N", "0")))), "ReturnValues", "ALL_OLD"));
		t.put("DynamoDB_20120810.Query", map("TableName", "Fuzz", "KeyConditionExpression", "pk = :p AND begins_with(sk, :p)",
				"FilterExpression", "size(l) > :v", "ExpressionAttributeValues", values, "Limit", 5, "ScanIndexForward", false,
				"ExclusiveStartKey", key));
		t.put("DynamoDB_20120810.Scan", map("TableName", "Fuzz", "Segment", 0, "TotalSegments", 2, "ScanFilter",
				map("n", map("ComparisonOperator", "EQ", "AttributeValueList", List.of(map("N", "1")))), "Select", "COUNT"));
		t.put("DynamoDB_20120810.BatchGetItem", map("RequestItems", map("Fuzz", map("Keys", List.of(key), "ConsistentRead", true))));
		t.put("DynamoDB_20120810.BatchWriteItem", map("RequestItems", map("Fuzz", List.of(map("PutRequest", map("Item", item)),
				map("DeleteRequest", map("Key", map("pk", s("b"), "sk", s("2"))))))));
		t.put("DynamoDB_20120810.TransactWriteItems", map("TransactItems", List.of(map("Put", map("TableName", "Fuzz", "Item", item)),
				map("ConditionCheck", map("TableName", "Fuzz", "Key", map("pk", s("c"), "sk", s("1")), "ConditionExpression",
						"attribute_not_exists(pk)"))), "ClientRequestToken", "t1"));
		t.put("DynamoDB_20120810.TransactGetItems", map("TransactItems", List.of(map("Get", map("TableName", "Fuzz", "Key", key)))));
		t.put("DynamoDB_20120810.DeleteTable", map("TableName", "Fuzz2"));
		t.put("DynamoDBStreams_20120810.ListStreams", map("TableName", "Fuzz", "Limit", 5));
		t.put("DynamoDBStreams_20120810.DescribeStream", map("StreamArn", streamArn, "Limit", 5));
		t.put("DynamoDBStreams_20120810.GetShardIterator", map("StreamArn", streamArn, "ShardId", "shardId-00000000000000000000-00000000",
				"ShardIteratorType", "TRIM_HORIZON"));
		t.put("DynamoDBStreams_20120810.GetRecords", map("ShardIterator", "x", "Limit", 10));
		return t;
	}

	/** A random JSON value of any type; sometimes deeply nested or huge. */
	private static Object randomJson(Random random, int depth) {
		switch (random.nextInt(depth > 3 ? 6 : 10)) {
			case 0:
				return null;
			case 1:
				return random.nextBoolean();
			case 2:
				return new java.math.BigDecimal(random.nextInt(3) == 0 ? "1E+400" : Integer.toString(random.nextInt(2000) - 1000));
			case 3:
				return random.nextInt(20) == 0 ? "x".repeat(1 + random.nextInt(500_000)) : "s" + random.nextInt(10);
			case 4:
				return "";
			case 5:
				return random.nextBoolean() ? "#n" : ":v";
			case 6:
				List<Object> list = new ArrayList<>();
				for (int i = 0, n = random.nextInt(3); i < n; i++) {
					list.add(randomJson(random, depth + 1));
				}
				return list;
			case 7:
				Map<String, Object> map = new LinkedHashMap<>();
				String[] keys = { "S", "N", "B", "M", "L", "SS", "NULL", "BOOL", "pk", "sk", "TableName", "Key" };
				for (int i = 0, n = random.nextInt(3); i < n; i++) {
					map.put(keys[random.nextInt(keys.length)], randomJson(random, depth + 1));
				}
				return map;
			case 8:
				// deep nesting of attribute values, past every limit
				Object deep = s("leaf");
				for (int i = 0, n = 30 + random.nextInt(230); i < n; i++) {
					deep = random.nextBoolean() ? map("M", map("m", deep)) : map("L", List.of(deep));
				}
				return deep;
			default:
				return random.nextBoolean() ? "SET " + "a.".repeat(random.nextInt(3000)) + "b = :v"
						: "(".repeat(random.nextInt(3000)) + "a = :v";
		}
	}

	/** Replaces one node of the request tree (chosen at random) with a random value, or removes it. */
	@SuppressWarnings("unchecked")
	private static Object mutate(Object node, Random random, int depth) {
		if (node instanceof Map<?, ?> m && !m.isEmpty() && random.nextInt(4) != 0) {
			Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
			List<String> keys = new ArrayList<>(copy.keySet());
			String key = keys.get(random.nextInt(keys.size()));
			if (random.nextInt(8) == 0) {
				copy.remove(key);
			}
			else {
				copy.put(key, mutate(copy.get(key), random, depth + 1));
			}
			return copy;
		}
		if (node instanceof List<?> l && !l.isEmpty() && random.nextInt(4) != 0) {
			List<Object> copy = new ArrayList<>(l);
			int i = random.nextInt(copy.size());
			copy.set(i, mutate(copy.get(i), random, depth + 1));
			return copy;
		}
		return randomJson(random, depth);
	}

	private static String body(Map<String, Object> template, Random random) {
		int kind = random.nextInt(10);
		String json = Json.write(kind < 7 ? mutate(template, random, 0) : template);
		return switch (kind) {
			case 7 -> json.substring(0, random.nextInt(Math.max(1, json.length()))); // truncated
			case 8 -> "[".repeat(100 + random.nextInt(2000)); // deep JSON nesting, unterminated
			case 9 -> random.nextBoolean() ? json.replaceFirst(":", "") : "\"" + json; // malformed
			default -> json;
		};
	}

	@Test
	void noRequestGetsA5xxOrLosesItsConnection() throws IOException {
		var dynamo = emulator.dynamoDb();
		Fixtures.createPkSk(dynamo, "Fuzz", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S);
		dynamo.updateTable(r -> r.tableName("Fuzz").streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE")));
		String streamArn = dynamo.describeTable(r -> r.tableName("Fuzz")).table().latestStreamArn();
		Random random = new Random(20261203);
		int requests = 0;
		try (Socket socket = new Socket(emulator.endpoint().getHost(), emulator.endpoint().getPort())) {
			socket.setSoTimeout(30_000);
			socket.setTcpNoDelay(true);
			for (Map.Entry<String, Map<String, Object>> operation : templates(streamArn).entrySet()) {
				for (int i = 0; i < MUTATIONS_PER_OPERATION; i++) {
					String body = i == 0 ? Json.write(operation.getValue()) : body(operation.getValue(), random);
					byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
					String head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: "
							+ operation.getKey() + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
					socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().write(bytes);
					socket.getOutputStream().flush();
					HttpFramingTests.Answer answer = HttpFramingTests.read(socket.getInputStream());
					String what = operation.getKey() + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
					assertThat(answer).as("connection dropped after " + what).isNotNull();
					assertThat(answer.status()).as(what + " -> " + answer.body()).isIn(200, 400);
					Object parsed = Json.parse(answer.body());
					assertThat(parsed).as(what).isInstanceOf(Map.class);
					if (answer.status() == 400) {
						assertThat((String) ((Map<?, ?>) parsed).get("__type")).as(what).matches("com\\.amazon(aws)?\\.[a-z0-9.]+#[A-Za-z]+");
					}
					requests++;
				}
			}
		}
		assertThat(requests).isEqualTo(MUTATIONS_PER_OPERATION * 28);
		// and the endpoint still works for a well-behaved client
		assertThat(dynamo.describeTable(r -> r.tableName("Fuzz")).table().tableName()).isEqualTo("Fuzz");
	}
}
