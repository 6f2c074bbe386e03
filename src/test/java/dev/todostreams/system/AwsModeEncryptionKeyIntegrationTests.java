package dev.todostreams.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.todostreams.TodoStreamsApplication;
import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.emulator.EmulatorOptions;
import dev.todostreams.notify.SecretCipher;
import dev.todostreams.notify.WebhookTables;
import dev.todostreams.todo.TodoTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code aws} mode takes the key for webhook secrets at rest from Secrets Manager (Spring Cloud AWS's
 * {@code spring.config.import}) and refuses to start without one. Run against the embedded emulator with correct
 * tables, and a stand-in Secrets Manager endpoint that answers GetSecretValue over real HTTP.
 * <p>
 * Issue 14: the same for the key that signs list cursors (secret {@code todo-streams/cursors}), whose absence is
 * refused before any bean, so before anything touches DynamoDB.
 */
@Isolated
@ExtendWith(OutputCaptureExtension.class)
class AwsModeEncryptionKeyIntegrationTests {

	/** A fixed test key (base64 of 32 bytes); never a real one. */
	static final String TEST_KEY = "dGVzdC1vbmx5LWtleS1mb3Itd2ViaG9vay1zZWNyZXQ=";

	/** Fixed test cursor keys (at least 32 bytes); never real ones. */
	static final String TEST_CURSOR_KEY = "test-only-cursor-key-0123456789abcdef";

	static final String TEST_PREVIOUS_CURSOR_KEY = "test-only-previous-cursor-key-0123456789";

	static final String PREFIX = "enc-key-";

	static DynamoDbEmulator emulator;

	static DynamoDbClient dynamoDb;

	static HttpServer secretsManager;

	static final List<String> secretRequests = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		emulator = DynamoDbEmulator.start(EmulatorOptions.defaults());
		dynamoDb = DynamoDbClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
		for (TableDefinition table : List.of(TodoTable.todos(), TodoTable.counters(), WebhookTables.subscriptions(),
				WebhookTables.deliveries(), streamTable("TodoStreamIdempotency"), streamTable("TodoStreamDeadLetters"),
				dev.todostreams.live.ChangeLog.table(dev.todostreams.live.ChangeLog.TABLE))) {
			dynamoDb.createTable(table.createTableRequest(PREFIX + table.logicalName()));
		}
		secretsManager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		secretsManager.createContext("/", AwsModeEncryptionKeyIntegrationTests::answerGetSecretValue);
		secretsManager.start();
	}

	@AfterAll
	static void stop() {
		secretsManager.stop(0);
		dynamoDb.close();
		emulator.close();
	}

	@Test
	void refusesToStartWithoutAKeyNamingTheProperty(CapturedOutput output) {
		assertThatThrownBy(() -> startInAwsMode("--todo.webhooks.encryption.secret-name=todo-streams/missing"))
			.hasRootCauseMessage("Webhook secrets are stored encrypted, and in this mode the key must be configured: "
					+ "todo.webhooks.encryption.key is not set.");
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("todo.webhooks.encryption.key is not set")
			.contains("aws secretsmanager create-secret --name todo-streams/missing");
		assertThat(dynamoDb.scan((r) -> r.tableName(PREFIX + "WebhookSubscriptions")).count()).isZero();
	}

	@Test
	void startsWithTheKeyImportedFromSecretsManager() {
		try (ConfigurableApplicationContext context = startInAwsMode()) {
			SecretCipher cipher = context.getBean(SecretCipher.class);
			assertThat(cipher.keyId()).isEqualTo(SecretCipher.keyId(Base64.getDecoder().decode(TEST_KEY)));
			assertThat(secretRequests).anyMatch((body) -> body.contains("\"SecretId\":\"todo-streams/webhooks\""));
		}
	}

	// --- cursor keys (issue 14) ---

	@Test
	void refusesToStartWithoutACursorKeyNamingThePropertyBeforeTouchingDynamoDb(CapturedOutput output) {
		// DynamoDB at a closed port: had anything called it first, that call's failure would be the cause
		assertThatThrownBy(() -> startInAwsMode("--todo.api.cursor-secret-name=todo-streams/no-cursors",
				"--spring.cloud.aws.dynamodb.endpoint=http://127.0.0.1:9", "--spring.cloud.aws.endpoint=http://127.0.0.1:9"))
			// thrown by a bean factory post-processor, before any bean exists: not wrapped in a bean creation failure
			.hasNoCause()
			.hasMessage("List cursors must work on every instance, and in this mode their key must be "
					+ "configured: todo.api.cursor-secret is not set.");
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("todo.api.cursor-secret is not set")
			.contains("aws secretsmanager create-secret --name todo-streams/no-cursors");
	}

	@Test
	void refusesAShortCursorKey(CapturedOutput output) {
		assertThatThrownBy(() -> startInAwsMode("--todo.api.cursor-secret=short")).hasNoCause()
			.hasMessage("The list cursor key todo.api.cursor-secret is 5 bytes long; a cursor key needs at "
					+ "least 32 bytes.");
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("openssl rand -base64 32");
	}

	@Test
	void signsCursorsWithTheKeyImportedFromSecretsManagerAndAcceptsThePreviousOne(CapturedOutput output)
			throws Exception {
		try (ConfigurableApplicationContext context = startInAwsMode()) {
			assertThat(output.getAll()).contains("List cursors are signed with the configured key "
					+ cursorKeyId(TEST_CURSOR_KEY) + " and also accepted with the previous key(s) ["
					+ cursorKeyId(TEST_PREVIOUS_CURSOR_KEY) + "]")
				.doesNotContain(TEST_CURSOR_KEY);
			assertThat(secretRequests).anyMatch((body) -> body.contains("\"SecretId\":\"todo-streams/cursors\""));
		}
	}

	private static String cursorKeyId(String key) throws Exception {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 8);
	}

	private static ConfigurableApplicationContext startInAwsMode(String... more) {
		URI endpoint = emulator.endpoint();
		String[] args = List.of("--spring.cloud.aws.endpoint=" + endpoint, "--spring.cloud.aws.region.static=us-east-1",
				"--spring.cloud.aws.credentials.access-key=test", "--spring.cloud.aws.credentials.secret-key=test",
				"--spring.cloud.aws.secretsmanager.endpoint=http://127.0.0.1:" + secretsManager.getAddress().getPort(),
				"--todo.tables.prefix=" + PREFIX, "--todo.stream.enabled=false",
				// the aws profile needs an issuer; nothing asks it in a context without a web server
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/issuer")
			.toArray(String[]::new);
		String[] all = new String[args.length + more.length];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(more, 0, all, args.length, more.length);
		return new SpringApplicationBuilder(TodoStreamsApplication.class).profiles("aws")
			.web(WebApplicationType.NONE)
			.run(all);
	}

	/** GetSecretValue (AWS JSON 1.1): the secret 'todo-streams/webhooks' holds the key; any other is not found. */
	private static void answerGetSecretValue(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		secretRequests.add(body);
		boolean get = "secretsmanager.GetSecretValue".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
		boolean cursors = get && body.contains("\"SecretId\":\"todo-streams/cursors\"");
		boolean known = get && body.contains("\"SecretId\":\"todo-streams/webhooks\"");
		String answer = cursors ? "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:todo-streams/cursors-Ef34Gh\","
				+ "\"Name\":\"todo-streams/cursors\",\"VersionId\":\"v2\",\"VersionStages\":[\"AWSCURRENT\"],"
				+ "\"SecretString\":\"{\\\"todo.api.cursor-secret\\\":\\\"" + TEST_CURSOR_KEY
				+ "\\\",\\\"todo.api.previous-cursor-secrets\\\":\\\"" + TEST_PREVIOUS_CURSOR_KEY + "\\\"}\"}"
				: known ? "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:todo-streams/webhooks-Ab12Cd\","
				+ "\"Name\":\"todo-streams/webhooks\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],"
				+ "\"SecretString\":\"{\\\"todo.webhooks.encryption.key\\\":\\\"" + TEST_KEY + "\\\"}\"}"
				: "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}";
		byte[] out = answer.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
		exchange.sendResponseHeaders((known || cursors) ? 200 : 400, out.length);
		try (OutputStream stream = exchange.getResponseBody()) {
			stream.write(out);
		}
	}

	private static TableDefinition streamTable(String name) {
		return new TableDefinition(name, TableDefinition.Key.string("id"), List.of(), null, "expiresAt");
	}

}
