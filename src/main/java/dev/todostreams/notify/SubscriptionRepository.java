package dev.todostreams.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Subscriptions in DynamoDB. Writes are conditional on the version read. {@link #all()} is cached for a moment,
 * because the outbox writer asks for every stream record; local writes refresh it at once. Secrets are stored
 * encrypted ({@link SecretCipher}); a legacy plaintext secret is read as it is and encrypted by the next write.
 */
public class SubscriptionRepository {

	static final String ID = "SubscriptionID";

	private static final String URL = "Url";

	private static final String DESCRIPTION = "Description";

	private static final String FILTER_FROM = "FilterFrom";

	private static final String FILTER_TO = "FilterTo";

	private static final String ENABLED = "Enabled";

	private static final String DISABLED_REASON = "DisabledReason";

	private static final String SECRET = "Secret";

	private static final String PREVIOUS_SECRET = "PreviousSecret";

	private static final String PREVIOUS_SECRET_EXPIRES_AT = "PreviousSecretExpiresAt";

	private static final String FAILING_SINCE = "FailingSince";

	private static final String CREATED_AT = "CreatedAt";

	private static final String UPDATED_AT = "UpdatedAt";

	private static final String VERSION = "Version";

	/** The principal that created the subscription (issue 12); absent on subscriptions made before. */
	private static final String OWNER = "Owner";

	private static final Duration CACHE_TTL = Duration.ofSeconds(1);

	private final DynamoDbClient dynamo;

	private final String table;

	private final SecretCipher cipher;

	private volatile @Nullable Cached cache;

	public SubscriptionRepository(DynamoDbClient dynamo, String table, SecretCipher cipher) {
		this.dynamo = dynamo;
		this.table = table;
		this.cipher = cipher;
	}

	/** Writes a new subscription (version 1). */
	public Subscription create(Subscription subscription) {
		Subscription saved = subscription.withVersion(1);
		this.dynamo.putItem((r) -> r.tableName(this.table)
			.item(toItem(saved))
			.conditionExpression("attribute_not_exists(#id)")
			.expressionAttributeNames(Map.of("#id", ID)));
		invalidate();
		return saved;
	}

	/**
	 * Writes a changed subscription if nobody else changed it since it was read.
	 * @return the saved subscription, or empty when the version moved on (or it was deleted)
	 */
	public Optional<Subscription> update(Subscription subscription) {
		Subscription saved = subscription.withVersion(subscription.version() + 1);
		try {
			this.dynamo.putItem((r) -> r.tableName(this.table)
				.item(toItem(saved))
				.conditionExpression("#v = :v")
				.expressionAttributeNames(Map.of("#v", VERSION))
				.expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(subscription.version())))));
		}
		catch (ConditionalCheckFailedException ex) {
			return Optional.empty();
		}
		invalidate();
		return Optional.of(saved);
	}

	public Optional<Subscription> find(String id) {
		Map<String, AttributeValue> item = this.dynamo
			.getItem((r) -> r.tableName(this.table).key(Map.of(ID, AttributeValue.fromS(id))).consistentRead(true))
			.item();
		return (item == null || item.isEmpty()) ? Optional.empty() : Optional.of(fromItem(item));
	}

	/** A subscription as recently seen; for the delivery worker, which asks for every send. */
	public Optional<Subscription> findCached(String id) {
		return all().stream().filter((subscription) -> subscription.id().equals(id)).findFirst();
	}

	public boolean delete(String id) {
		Map<String, AttributeValue> old = this.dynamo
			.deleteItem((r) -> r.tableName(this.table)
				.key(Map.of(ID, AttributeValue.fromS(id)))
				.returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD))
			.attributes();
		invalidate();
		return old != null && !old.isEmpty();
	}

	/** Every subscription, at most a second old. */
	public List<Subscription> all() {
		Cached cached = this.cache;
		long now = System.nanoTime();
		if (cached != null && now - cached.until() < 0) {
			return cached.subscriptions();
		}
		List<Subscription> fresh = scan();
		this.cache = new Cached(fresh, now + CACHE_TTL.toNanos());
		return fresh;
	}

	/** Every subscription, read now. */
	public List<Subscription> scan() {
		List<Subscription> out = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		do {
			ScanRequest.Builder request = ScanRequest.builder().tableName(this.table).consistentRead(true);
			if (start != null) {
				request.exclusiveStartKey(start);
			}
			ScanResponse response = this.dynamo.scan(request.build());
			response.items().forEach((item) -> out.add(fromItem(item)));
			start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
					? response.lastEvaluatedKey() : null;
		}
		while (start != null);
		out.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
		return List.copyOf(out);
	}

	void invalidate() {
		this.cache = null;
	}

	private Map<String, AttributeValue> toItem(Subscription s) {
		Map<String, AttributeValue> item = new HashMap<>();
		item.put(ID, AttributeValue.fromS(s.id()));
		item.put(URL, AttributeValue.fromS(s.url().toString()));
		item.put(DESCRIPTION, AttributeValue.fromS(s.description()));
		item.put(FILTER_FROM, AttributeValue.fromL(s.filter().from().stream().map(AttributeValue::fromS).toList()));
		item.put(FILTER_TO, AttributeValue.fromL(s.filter().to().stream().map(AttributeValue::fromS).toList()));
		item.put(ENABLED, AttributeValue.fromBool(s.enabled()));
		putIfPresent(item, DISABLED_REASON, s.disabledReason());
		item.put(SECRET, AttributeValue.fromS(stored(s.id(), s.secret())));
		putIfPresent(item, PREVIOUS_SECRET, (s.previousSecret() != null) ? stored(s.id(), s.previousSecret()) : null);
		putIfPresent(item, PREVIOUS_SECRET_EXPIRES_AT, s.previousSecretExpiresAt());
		putIfPresent(item, FAILING_SINCE, s.failingSince());
		item.put(CREATED_AT, AttributeValue.fromS(s.createdAt().toString()));
		item.put(UPDATED_AT, AttributeValue.fromS(s.updatedAt().toString()));
		item.put(VERSION, AttributeValue.fromN(Long.toString(s.version())));
		putIfPresent(item, OWNER, s.owner());
		return item;
	}

	private static void putIfPresent(Map<String, AttributeValue> item, String name, @Nullable Object value) {
		if (value != null) {
			item.put(name, AttributeValue.fromS(value.toString()));
		}
	}

	private Subscription fromItem(Map<String, AttributeValue> item) {
		return new Subscription(item.get(ID).s(), URI.create(item.get(URL).s()), string(item, DESCRIPTION, ""),
				new WebhookFilter(item.get(FILTER_FROM).l().stream().map(AttributeValue::s).toList(),
						item.get(FILTER_TO).l().stream().map(AttributeValue::s).toList()),
				Boolean.TRUE.equals(item.get(ENABLED).bool()), string(item, DISABLED_REASON, null),
				secret(item.get(ID).s(), item.get(SECRET).s()),
				item.containsKey(PREVIOUS_SECRET) ? secret(item.get(ID).s(), item.get(PREVIOUS_SECRET).s()) : null,
				instant(item, PREVIOUS_SECRET_EXPIRES_AT), instant(item, FAILING_SINCE),
				Instant.parse(item.get(CREATED_AT).s()), Instant.parse(item.get(UPDATED_AT).s()),
				Long.parseLong(item.get(VERSION).n()), string(item, OWNER, null));
	}

	/** Sealed anew (fresh nonce, current key) on every write; an unreadable secret is written back as it was. */
	private String stored(String subscriptionId, WebhookSecret secret) {
		return secret.readable() ? this.cipher.seal(subscriptionId, secret.value()) : secret.storedForm();
	}

	/** Decrypts a stored secret (a legacy plaintext one is taken as it is); one that does not open is unreadable. */
	private WebhookSecret secret(String subscriptionId, String stored) {
		try {
			return WebhookSecret.of(this.cipher.open(subscriptionId, stored));
		}
		catch (SecretUnreadableException ex) {
			return WebhookSecret.unreadable(stored, ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return WebhookSecret.unreadable(stored, "The stored secret of webhook subscription '" + subscriptionId
					+ "' is not a valid whsec_ secret. Rotate the secret to give the subscription a new one.");
		}
	}

	private static @Nullable String string(Map<String, AttributeValue> item, String name, @Nullable String fallback) {
		AttributeValue value = item.get(name);
		return (value != null && value.s() != null) ? value.s() : fallback;
	}

	private static @Nullable Instant instant(Map<String, AttributeValue> item, String name) {
		String value = string(item, name, null);
		return (value != null) ? Instant.parse(value) : null;
	}

	private record Cached(List<Subscription> subscriptions, long until) {
	}

}
