package dev.todostreams.notify;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.todostreams.system.TableNameResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;
import dev.todostreams.testsupport.TestApi.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook secrets at rest, end to end on the embedded emulator: what the table holds (read raw through the DynamoDB
 * client), signatures a receiver verifies with the secret it was shown, a legacy plaintext row, and rows whose stored
 * secret was changed or moved from another subscription.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.webhooks.allow-private-targets=true",
				"todo.webhooks.retry-schedule=0s,200ms,400ms,800ms,1s,1s,1s,1s,1s,1s", "todo.webhooks.jitter=0.1",
				"todo.webhooks.poll-interval=1s", "todo.webhooks.timeout=5s",
				// a configured key (that path too), and a context of its own: sharing WebhookDeliveryIntegrationTests'
				// cached context kept it alive across FaultIntegrationTests, after which its deliveries stalled
				"todo.webhooks.encryption.key=" + WebhookSecretsAtRestIntegrationTests.KEY })
class WebhookSecretsAtRestIntegrationTests extends WebhookEndToEnd {

	/** A fixed test key (base64 of 32 bytes); never a real one. */
	static final String KEY = "aXQtb25seS1rZXktZm9yLXNlY3JldHMtYXQtcmVzdCE=";

	static final String FILTER = "{\"from\":[\"*\"],\"to\":[\"completed\"]}";

	@Autowired
	DynamoDbClient dynamo;

	@Autowired
	TableNameResolver tables;

	@Test
	void storesTheSecretEncryptedAndSignsWithIt() {
		JsonNode created = create("/hook", true);
		String id = created.get("id").stringValue();
		String secret = created.get("secret").stringValue();
		this.receiver.secret(secret);

		String stored = raw(id).get("Secret").s();
		assertThat(stored).startsWith("enc:v1:" + SecretCipher.keyId(Base64.getDecoder().decode(KEY)) + ":")
			.doesNotContain(secret)
			.doesNotContain(secret.substring("whsec_".length()));
		assertThat(raw(id).values().toString()).doesNotContain(secret.substring("whsec_".length()));

		String todo = changeToCompleted();
		await().atMost(WAIT).until(() -> receivedFor(todo).size() == 1);
		assertThat(receivedFor(todo).get(0).verified()).as("signature verified with the secret shown on create")
			.isTrue();

		String rotated = this.client.post("/api/webhooks/" + id + "/rotate-secret", "").json().get("secret").stringValue();
		Map<String, AttributeValue> afterRotation = raw(id);
		assertThat(afterRotation.get("Secret").s()).startsWith("enc:v1:").doesNotContain(rotated.substring(6));
		assertThat(afterRotation.get("PreviousSecret").s()).startsWith("enc:v1:")
			.isNotEqualTo(stored) // sealed anew, with a fresh nonce
			.doesNotContain(secret.substring(6));
		this.receiver.secret(rotated);
		String next = changeToCompleted();
		await().atMost(WAIT).until(() -> receivedFor(next).size() == 1);
		assertThat(receivedFor(next).get(0).verified()).as("signature verified with the rotated secret").isTrue();
	}

	@Test
	void readsALegacyPlaintextSecretAndEncryptsItAtTheNextWrite() {
		String template = create("/unused", false).get("id").stringValue();
		String legacy = "wh_legacy" + template.substring(3, 15);
		String plaintext = WebhookSecret.generate().value();
		Map<String, AttributeValue> item = new HashMap<>(raw(template));
		item.put("SubscriptionID", AttributeValue.fromS(legacy));
		item.put("Url", AttributeValue.fromS(this.receiver.url("/legacy")));
		item.put("Enabled", AttributeValue.fromBool(true));
		item.put("Secret", AttributeValue.fromS(plaintext)); // as versions before encryption stored it
		this.dynamo.putItem((r) -> r.tableName(table()).item(item));
		this.subscriptions.add(legacy);
		touch(template); // a local write drops the subscription cache, so the outbox sees the new row at once
		this.receiver.secret(plaintext);

		assertThat(this.client.get("/api/webhooks/" + legacy).status()).isEqualTo(200);
		String todo = changeToCompleted();
		await().atMost(WAIT).until(() -> receivedFor(todo).size() == 1);
		assertThat(receivedFor(todo).get(0).verified()).as("signed with the legacy plaintext secret").isTrue();

		touch(legacy);
		assertThat(raw(legacy).get("Secret").s()).startsWith("enc:v1:").doesNotContain(plaintext.substring(6));
		String next = changeToCompleted();
		await().atMost(WAIT).until(() -> receivedFor(next).size() == 1);
		assertThat(receivedFor(next).get(0).verified()).as("the same secret, now encrypted").isTrue();
	}

	@Test
	void aTamperedSecretFailsTheDeliveryWithAReasonUntilRotated() {
		JsonNode created = create("/tampered", true);
		String id = created.get("id").stringValue();
		String stored = raw(id).get("Secret").s();
		int cut = stored.lastIndexOf(':') + 1;
		byte[] data = Base64.getDecoder().decode(stored.substring(cut));
		data[data.length / 2] ^= 0x01;
		setRawSecret(id, stored.substring(0, cut) + Base64.getEncoder().encodeToString(data));
		touch(id); // written back unchanged: an unreadable secret is kept as it was

		assertThat(this.client.get("/api/webhooks/" + id).status()).isEqualTo(200);
		assertThat(this.client.get("/api/webhooks").status()).isEqualTo(200);
		String todo = changeToCompleted();
		await().atMost(WAIT).until(() -> firstError(id) != null);
		assertThat(firstError(id)).contains("cannot be decrypted")
			.contains("authentication tag does not match")
			.contains("rotate-secret");
		assertThat(receivedFor(todo)).isEmpty();

		Answer rotated = this.client.post("/api/webhooks/" + id + "/rotate-secret", "");
		assertThat(rotated.status()).isEqualTo(200);
		this.receiver.secret(rotated.json().get("secret").stringValue());
		// sent again at once, whether its retries are still running or already used up
		String delivery = this.client.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0).get("id")
			.stringValue();
		assertThat(this.client.post("/api/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", "").status())
			.isEqualTo(202);
		await().atMost(WAIT).until(() -> !receivedFor(todo).isEmpty());
		assertThat(receivedFor(todo)).allSatisfy((received) -> {
			assertThat(received.verified()).as("signed with the new secret").isTrue();
			assertThat(received.signature()).as("the unreadable previous secret does not sign").doesNotContain(" ");
		});
	}

	@Test
	void aSecretCopiedFromAnotherSubscriptionDoesNotOpen() {
		String source = create("/source", false).get("id").stringValue();
		String target = create("/target", true).get("id").stringValue();
		setRawSecret(target, raw(source).get("Secret").s());
		touch(target);

		String todo = changeToCompleted();
		await().atMost(WAIT).until(() -> firstError(target) != null);
		assertThat(firstError(target)).contains("'" + target + "' cannot be decrypted")
			.contains("belongs to another subscription");
		assertThat(receivedFor(todo)).isEmpty();
	}

	private JsonNode create(String path, boolean enabled) {
		Answer created = this.client.post("/api/webhooks", "{\"url\":\"" + this.receiver.url(path)
				+ "\",\"filter\":" + FILTER + ",\"enabled\":" + enabled + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.subscriptions.add(created.json().get("id").stringValue());
		return created.json();
	}

	private void touch(String id) {
		assertThat(this.client.patch("/api/webhooks/" + id, "{\"description\":\"touched\"}").status()).isEqualTo(200);
	}

	private String changeToCompleted() {
		String todo = this.client.createTodo("Task", "2024-03-25", "In Progress");
		this.client.setStatus(todo, "completed");
		return todo;
	}

	private List<WebhookReceiver.Received> receivedFor(String todo) {
		return this.receiver.received.stream()
			.filter((r) -> TestApi.JSON.readTree(r.body()).get("data").get("todoId").stringValue().equals(todo))
			.toList();
	}

	private String firstError(String subscription) {
		JsonNode items = this.client.get("/api/webhooks/" + subscription + "/deliveries").json().get("items");
		if (items.isEmpty() || items.get(0).get("attempts").isEmpty()) {
			return null;
		}
		JsonNode error = items.get(0).get("attempts").get(0).get("error");
		return (error != null) ? error.stringValue() : null;
	}

	private Map<String, AttributeValue> raw(String id) {
		return this.dynamo
			.getItem((r) -> r.tableName(table()).key(Map.of("SubscriptionID", AttributeValue.fromS(id))).consistentRead(true))
			.item();
	}

	private void setRawSecret(String id, String stored) {
		Map<String, AttributeValue> item = new HashMap<>(raw(id));
		item.put("Secret", AttributeValue.fromS(stored));
		this.dynamo.putItem((r) -> r.tableName(table()).item(item));
	}

	private String table() {
		return this.tables.resolve(WebhookTables.SUBSCRIPTIONS);
	}

}
