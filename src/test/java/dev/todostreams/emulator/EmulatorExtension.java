package dev.todostreams.emulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Gives every test a fresh, in-memory emulator and AWS SDK clients pointed at it.
 * <pre>
 * &#64;RegisterExtension
 * EmulatorExtension emulator = EmulatorExtension.withOptions(o -> o.withShardRolloverRecords(100));
 *
 * &#64;Test
 * void test(DynamoDbClient dynamo) { ... }
 * </pre>
 * Test methods may declare parameters of type {@link DynamoDbEmulator}, {@link DynamoDbClient},
 * {@link DynamoDbAsyncClient} and {@link DynamoDbStreamsClient}.
 */
public final class EmulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private final UnaryOperator<EmulatorOptions> customizer;

	private DynamoDbEmulator emulator;

	private final List<AutoCloseable> clients = new ArrayList<>();

	private DynamoDbClient dynamoDb;

	private DynamoDbAsyncClient async;

	private DynamoDbStreamsClient streams;

	private EmulatorExtension(UnaryOperator<EmulatorOptions> customizer) {
		this.customizer = customizer;
	}

	public EmulatorExtension() {
		this(UnaryOperator.identity());
	}

	public static EmulatorExtension withOptions(UnaryOperator<EmulatorOptions> customizer) {
		return new EmulatorExtension(customizer);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		emulator = DynamoDbEmulator.start(customizer.apply(EmulatorOptions.defaults()));
		dynamoDb = null;
		async = null;
		streams = null;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		for (AutoCloseable client : clients) {
			client.close();
		}
		clients.clear();
		emulator.close();
	}

	public DynamoDbEmulator emulator() {
		return emulator;
	}

	public URI endpoint() {
		return emulator.endpoint();
	}

	public DynamoDbClient dynamoDb() {
		if (dynamoDb == null) {
			dynamoDb = track(syncClient(endpoint()));
		}
		return dynamoDb;
	}

	public DynamoDbAsyncClient async() {
		if (async == null) {
			async = track(DynamoDbAsyncClient.builder()
				.endpointOverride(endpoint())
				.region(Region.US_EAST_1)
				.credentialsProvider(credentials())
				.build());
		}
		return async;
	}

	public DynamoDbStreamsClient streams() {
		if (streams == null) {
			streams = track(DynamoDbStreamsClient.builder()
				.endpointOverride(endpoint())
				.region(Region.US_EAST_1)
				.credentialsProvider(credentials())
				.build());
		}
		return streams;
	}

	public static DynamoDbClient syncClient(URI endpoint) {
		return DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials())
			.build();
	}

	public static StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
	}

	private <T extends AutoCloseable> T track(T client) {
		clients.add(client);
		return client;
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == DynamoDbEmulator.class || type == DynamoDbClient.class || type == DynamoDbAsyncClient.class
				|| type == DynamoDbStreamsClient.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		if (type == DynamoDbEmulator.class) {
			return emulator;
		}
		if (type == DynamoDbClient.class) {
			return dynamoDb();
		}
		if (type == DynamoDbAsyncClient.class) {
			return async();
		}
		return streams();
	}
}
