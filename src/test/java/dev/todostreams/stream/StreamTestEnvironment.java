package dev.todostreams.stream;

import java.time.Duration;
import java.util.Map;

import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.emulator.EmulatorOptions;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * An embedded emulator with a {@code Todos} table (stream NEW_AND_OLD_IMAGES) and every client the consumer needs,
 * built by hand so tests do not depend on the application's beans.
 */
public final class StreamTestEnvironment implements AutoCloseable {

	public static final String TABLE = "Todos";

	private final DynamoDbEmulator emulator;

	private final DynamoDbClient dynamo;

	private final DynamoDbAsyncClient dynamoAsync;

	private final DynamoDbStreamsClient streams;

	private final CloudWatchAsyncClient cloudWatch;

	private StreamTestEnvironment(EmulatorOptions options) {
		this.emulator = DynamoDbEmulator.start(options);
		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create("test", "test"));
		this.dynamo = DynamoDbClient.builder()
			.endpointOverride(this.emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials)
			.build();
		this.dynamoAsync = DynamoDbAsyncClient.builder()
			.endpointOverride(this.emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials)
			.build();
		this.streams = DynamoDbStreamsClient.builder()
			.endpointOverride(this.emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials)
			.build();
		this.cloudWatch = CloudWatchAsyncClient.builder()
			.endpointOverride(this.emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials)
			.build();
	}

	public static StreamTestEnvironment start() {
		return start(EmulatorOptions.defaults());
	}

	public static StreamTestEnvironment start(EmulatorOptions options) {
		return new StreamTestEnvironment(options);
	}

	/** Creates the todo table with its stream. */
	public StreamTestEnvironment withTodoTable() {
		this.dynamo.createTable((r) -> r.tableName(TABLE)
			.keySchema(KeySchemaElement.builder().attributeName("TodoID").keyType(KeyType.HASH).build())
			.attributeDefinitions(AttributeDefinition.builder()
				.attributeName("TodoID")
				.attributeType(ScalarAttributeType.S)
				.build())
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.streamSpecification((s) -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.dynamo.describeTable((r) -> r.tableName(TABLE)).table().tableStatus(),
					(status) -> status == TableStatus.ACTIVE);
		return this;
	}

	public void putTodo(String id, String status, int version) {
		this.dynamo.putItem((r) -> r.tableName(TABLE)
			.item(Map.of("TodoID", AttributeValue.fromS(id), "Task", AttributeValue.fromS("Task " + id), "Status",
					AttributeValue.fromS(status), "Version", AttributeValue.fromN(Integer.toString(version)))));
	}

	public void putItem(Map<String, AttributeValue> item) {
		this.dynamo.putItem((r) -> r.tableName(TABLE).item(item));
	}

	public DynamoDbEmulator emulator() {
		return this.emulator;
	}

	public DynamoDbClient dynamo() {
		return this.dynamo;
	}

	public DynamoDbAsyncClient dynamoAsync() {
		return this.dynamoAsync;
	}

	public DynamoDbStreamsClient streams() {
		return this.streams;
	}

	public CloudWatchAsyncClient cloudWatch() {
		return this.cloudWatch;
	}

	@Override
	public void close() {
		this.dynamo.close();
		this.dynamoAsync.close();
		this.streams.close();
		this.cloudWatch.close();
		this.emulator.close();
	}

}
