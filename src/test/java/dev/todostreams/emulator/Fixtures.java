package dev.todostreams.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Small builders that keep the contract tests readable. */
final class Fixtures {

	private Fixtures() {
	}

	static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	static AttributeValue n(String value) {
		return AttributeValue.fromN(value);
	}

	/** An item from alternating names and values: item("a", s("x"), "b", n("1")). */
	static Map<String, AttributeValue> item(Object... pairs) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			item.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
		}
		return item;
	}

	/** The seed's todo: {"TodoID": "T1001", "Task": "Task 1", "DueDate": "2024-03-25", "Status": "In Progress"}. */
	static Map<String, AttributeValue> todo(String id, String status) {
		return item("TodoID", s(id), "Task", s("Task " + id.substring(1)), "DueDate", s("2024-03-25"), "Status", s(status));
	}

	static KeySchemaElement hash(String name) {
		return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
	}

	static KeySchemaElement range(String name) {
		return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
	}

	static AttributeDefinition attr(String name, ScalarAttributeType type) {
		return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
	}

	/** The Todos table: TodoID hash key, GSI Status-DueDate-index, stream NEW_AND_OLD_IMAGES. */
	static void createTodos(DynamoDbClient dynamo, String name) {
		dynamo.createTable(CreateTableRequest.builder()
			.tableName(name)
			.keySchema(hash("TodoID"))
			.attributeDefinitions(attr("TodoID", ScalarAttributeType.S), attr("Status", ScalarAttributeType.S),
					attr("DueDate", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.globalSecondaryIndexes(GlobalSecondaryIndex.builder()
				.indexName("Status-DueDate-index")
				.keySchema(hash("Status"), range("DueDate"))
				.projection(Projection.builder().projectionType(ProjectionType.ALL).build())
				.build())
			.streamSpecification(StreamSpecification.builder()
				.streamEnabled(true)
				.streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
				.build())
			.build());
	}

	/** A table with pk (S) hash and sk (S or N) range key, no stream. */
	static void createPkSk(DynamoDbClient dynamo, String name, ScalarAttributeType sortType) {
		dynamo.createTable(CreateTableRequest.builder()
			.tableName(name)
			.keySchema(hash("pk"), range("sk"))
			.attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", sortType))
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.build());
	}

	static byte[] bytes(int... values) {
		byte[] out = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (byte) values[i];
		}
		return out;
	}

	static String repeat(char c, int count) {
		char[] chars = new char[count];
		Arrays.fill(chars, c);
		return new String(chars);
	}

	/**
	 * Every record of a stream, shard by shard from TRIM_HORIZON: a closed shard is read until GetRecords
	 * stops returning a next iterator, an open one until a page comes back empty.
	 */
	static List<Record> streamRecords(DynamoDbStreamsClient streams, String streamArn) {
		List<Record> records = new ArrayList<>();
		for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
			String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
				.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
			while (iterator != null) {
				String current = iterator;
				var page = streams.getRecords(r -> r.shardIterator(current));
				records.addAll(page.records());
				if (page.records().isEmpty() && shard.sequenceNumberRange().endingSequenceNumber() == null) {
					break;
				}
				iterator = page.nextShardIterator();
			}
		}
		return records;
	}
}
