package dev.todostreams.system;

import java.net.URI;
import java.util.List;

import dev.todostreams.TodoStreamsApplication;
import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.emulator.EmulatorOptions;
import dev.todostreams.testsupport.RunsBeside;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code aws} mode creates nothing and refuses to start when the tables are wrong. Run against the embedded
 * emulator with tables created wrongly on purpose.
 */
@RunsBeside
class AwsModeTableCheckIntegrationTests {

	static DynamoDbEmulator emulator;

	static DynamoDbClient dynamoDb;

	@BeforeAll
	static void startEmulator() {
		emulator = DynamoDbEmulator.start(EmulatorOptions.defaults());
		dynamoDb = DynamoDbClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	@AfterAll
	static void stopEmulator() {
		dynamoDb.close();
		emulator.close();
	}

	@Test
	void refusesToStartWhenTheStreamIsMissing() {
		String prefix = "no-stream-";
		createTodosTable(prefix, null);
		createCountersTable(prefix);
		assertThatThrownBy(() -> startInAwsMode(prefix)).isInstanceOf(TableSetupException.class)
			.hasMessageContaining("Table '" + prefix + "Todos' has no stream")
			.hasMessageContaining("--stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
	}

	@Test
	void refusesToStartWhenTheStreamHasTheWrongViewType() {
		String prefix = "keys-only-";
		createTodosTable(prefix, StreamViewType.KEYS_ONLY);
		createCountersTable(prefix);
		assertThatThrownBy(() -> startInAwsMode(prefix)).isInstanceOf(TableSetupException.class)
			.hasMessageContaining("has a stream of view type KEYS_ONLY, but the change consumer needs NEW_AND_OLD_IMAGES");
	}

	@Test
	void refusesToStartWhenTablesAreMissingAndCreatesNothing() {
		String prefix = "missing-";
		assertThatThrownBy(() -> startInAwsMode(prefix)).isInstanceOf(TableSetupException.class)
			.hasMessageContaining("Table '" + prefix + "Todos' does not exist")
			.hasMessageContaining("Table '" + prefix + "TodoCounters' does not exist")
			.hasMessageContaining("Table '" + prefix + "TodoChangeLog' does not exist");
		assertThat(dynamoDb.listTables().tableNames()).noneMatch((name) -> name.startsWith(prefix));
	}

	@Test
	void startsWhenTablesMatchTheDefinition() {
		String prefix = "right-";
		createTodosTable(prefix, StreamViewType.NEW_AND_OLD_IMAGES);
		createCountersTable(prefix);
		createStreamTables(prefix);
		for (TableDefinition webhooks : List.of(dev.todostreams.notify.WebhookTables.subscriptions(),
				dev.todostreams.notify.WebhookTables.deliveries())) {
			dynamoDb.createTable(webhooks.createTableRequest(prefix + webhooks.logicalName()));
		}
		dynamoDb.createTable(CHANGE_LOG.createTableRequest(prefix + CHANGE_LOG.logicalName()));
		try (ConfigurableApplicationContext context = startInAwsMode(prefix)) {
			assertThat(context.isActive()).isTrue();
		}
	}

	private static ConfigurableApplicationContext startInAwsMode(String prefix) {
		URI endpoint = emulator.endpoint();
		return new SpringApplicationBuilder(TodoStreamsApplication.class).profiles("aws")
			.web(WebApplicationType.NONE)
			.properties("todo.webhooks.encryption.key=" + AwsModeEncryptionKeyIntegrationTests.TEST_KEY,
					"todo.api.cursor-secret=" + AwsModeEncryptionKeyIntegrationTests.TEST_CURSOR_KEY)
			.run("--spring.cloud.aws.endpoint=" + endpoint, "--spring.cloud.aws.region.static=us-east-1",
					"--spring.cloud.aws.credentials.access-key=test", "--spring.cloud.aws.credentials.secret-key=test",
					"--todo.tables.prefix=" + prefix,
					// one worker alone on its lease table: without this, KCL's SAFE-preset wait on an empty lease
					// table (up to 30 s) holds the consumer's stop when the context closes (20 s per start)
					"--todo.stream.timing.skip-empty-lease-table-wait=true",
					// the context closes right after its start, while KCL may still poll its new lease table's
					// status (every 10 s), which no graceful stop interrupts: do not wait the default 20 s for it
					"--todo.stream.graceful-shutdown-timeout=2s",
					// the aws profile needs an issuer; nothing asks it in a context without a web server
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/issuer");
	}

	/** The change log (issue 14): minute bucket and position, a sparse index of late entries, TTL. */
	private static final TableDefinition CHANGE_LOG = new TableDefinition("TodoChangeLog",
			TableDefinition.Key.string("Bucket"), TableDefinition.Key.string("Position"),
			List.of(new TableDefinition.Index("LateBucket-LateAt-index", TableDefinition.Key.string("LateBucket"),
					TableDefinition.Key.string("LateAt"))),
			null, "ExpiresAt");

	/** The todo table as it should be, except for its stream (a deliberate mistake when not NEW_AND_OLD_IMAGES). */
	private static void createTodosTable(String prefix, StreamViewType viewType) {
		TableDefinition wrong = new TableDefinition("Todos", TableDefinition.Key.string("TodoID"),
				List.of(new TableDefinition.Index("Status-DueDate-index", TableDefinition.Key.string("Status"),
						TableDefinition.Key.string("DueDate"))),
				viewType, null);
		dynamoDb.createTable(wrong.createTableRequest(prefix + "Todos"));
	}

	/** The consumer's idempotency and dead-letter tables (hash key id, TTL on expiresAt). */
	private static void createStreamTables(String prefix) {
		for (String name : List.of("TodoStreamIdempotency", "TodoStreamDeadLetters")) {
			dynamoDb.createTable(new TableDefinition(name, TableDefinition.Key.string("id"), List.of(), null, "expiresAt")
				.createTableRequest(prefix + name));
		}
	}

	private static void createCountersTable(String prefix) {
		dynamoDb.createTable(new TableDefinition("TodoCounters", TableDefinition.Key.string("CounterID"), List.of(),
				null, null)
			.createTableRequest(prefix + "TodoCounters"));
	}

}
