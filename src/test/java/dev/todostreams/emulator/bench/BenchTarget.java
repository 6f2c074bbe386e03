package dev.todostreams.emulator.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One server under test: a label, its endpoint and the clients that talk to it. Every client has its own Apache
 * HTTP client limited to one connection, so N clients are N connections.
 */
final class BenchTarget implements AutoCloseable {

	private final String label;

	private final URI endpoint;

	private final List<DynamoDbClient> clients = new ArrayList<>();

	private DynamoDbStreamsClient streamsClient;

	private boolean streams;

	private String tableName;

	BenchTarget(String label, URI endpoint) {
		this.label = label;
		this.endpoint = endpoint;
	}

	String label() {
		return this.label;
	}

	URI endpoint() {
		return this.endpoint;
	}

	boolean streams() {
		return this.streams;
	}

	void streams(boolean streams) {
		this.streams = streams;
	}

	/**
	 * The server's process id, from system property {@code bench.pid.LABEL}, or 0 when unknown.
	 */
	long pid() {
		return Long.getLong("bench.pid." + this.label, 0L);
	}

	String tableName() {
		return this.tableName;
	}

	void tableName(String tableName) {
		this.tableName = tableName;
	}

	/**
	 * The client of connection {@code index} (0-based), created on first use.
	 */
	synchronized DynamoDbClient client(int index) {
		while (this.clients.size() <= index) {
			this.clients.add(DynamoDbClient.builder()
				.endpointOverride(this.endpoint)
				.region(Region.US_EAST_1)
				.credentialsProvider(credentials())
				.httpClient(httpClient())
				.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
				.build());
		}
		return this.clients.get(index);
	}

	synchronized DynamoDbStreamsClient streamsClient() {
		if (this.streamsClient == null) {
			this.streamsClient = DynamoDbStreamsClient.builder()
				.endpointOverride(this.endpoint)
				.region(Region.US_EAST_1)
				.credentialsProvider(credentials())
				.httpClient(httpClient())
				.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
				.build();
		}
		return this.streamsClient;
	}

	private static StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
	}

	/**
	 * The SDK's default sync HTTP client (Apache 5), limited to one connection, so that every client is one
	 * connection.
	 */
	private static SdkHttpClient httpClient() {
		return Apache5HttpClient.builder()
			.maxConnections(1)
			.connectionTimeout(Duration.ofSeconds(5))
			.socketTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Override
	public synchronized void close() {
		for (DynamoDbClient client : this.clients) {
			closeQuietly(client);
		}
		this.clients.clear();
		if (this.streamsClient != null) {
			closeQuietly(this.streamsClient);
			this.streamsClient = null;
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do at shutdown
		}
	}

}
