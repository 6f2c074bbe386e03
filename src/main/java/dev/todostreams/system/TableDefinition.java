package dev.todostreams.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The shape of one DynamoDB table as the app needs it: keys, global secondary indexes, stream and TTL. Features
 * declare their tables as beans of this type; the same value creates the table (embedded and LocalStack modes) and
 * checks an existing one ({@code aws} mode).
 *
 * @param logicalName table name before the configured prefix, e.g. {@code Todos}
 * @param partitionKey the hash key
 * @param sortKey the range key, or null for a table with a hash key only
 * @param indexes global secondary indexes
 * @param streamViewType the stream the table must have, or null for none
 * @param ttlAttribute the number attribute DynamoDB expires items by, or null for none
 */
public record TableDefinition(String logicalName, Key partitionKey, @Nullable Key sortKey, List<Index> indexes,
		@Nullable StreamViewType streamViewType, @Nullable String ttlAttribute) {

	public TableDefinition {
		indexes = List.copyOf(indexes);
	}

	/** A table with a hash key only. */
	public TableDefinition(String logicalName, Key partitionKey, List<Index> indexes,
			@Nullable StreamViewType streamViewType, @Nullable String ttlAttribute) {
		this(logicalName, partitionKey, null, indexes, streamViewType, ttlAttribute);
	}

	/** A key attribute and its scalar type. */
	public record Key(String name, ScalarAttributeType type) {

		public static Key string(String name) {
			return new Key(name, ScalarAttributeType.S);
		}

	}

	/** A global secondary index projecting all attributes. */
	public record Index(String name, Key partitionKey, @Nullable Key sortKey) {
	}

	public CreateTableRequest createTableRequest(String tableName) {
		Map<String, ScalarAttributeType> attributes = new LinkedHashMap<>();
		attributes.put(this.partitionKey.name(), this.partitionKey.type());
		if (this.sortKey != null) {
			attributes.put(this.sortKey.name(), this.sortKey.type());
		}
		List<GlobalSecondaryIndex> gsis = new ArrayList<>();
		for (Index index : this.indexes) {
			attributes.put(index.partitionKey().name(), index.partitionKey().type());
			if (index.sortKey() != null) {
				attributes.put(index.sortKey().name(), index.sortKey().type());
			}
			gsis.add(GlobalSecondaryIndex.builder()
				.indexName(index.name())
				.keySchema(keySchema(index.partitionKey(), index.sortKey()))
				.projection(Projection.builder().projectionType(ProjectionType.ALL).build())
				.build());
		}
		CreateTableRequest.Builder request = CreateTableRequest.builder()
			.tableName(tableName)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.keySchema(keySchema(this.partitionKey, this.sortKey))
			.attributeDefinitions(attributes.entrySet()
				.stream()
				.map((entry) -> AttributeDefinition.builder()
					.attributeName(entry.getKey())
					.attributeType(entry.getValue())
					.build())
				.toList());
		if (!gsis.isEmpty()) {
			request.globalSecondaryIndexes(gsis);
		}
		if (this.streamViewType != null) {
			request.streamSpecification(
					StreamSpecification.builder().streamEnabled(true).streamViewType(this.streamViewType).build());
		}
		return request.build();
	}

	/**
	 * Compares an existing table with this definition.
	 * @return one sentence per fatal difference (what is wrong and how to fix it); empty when the table fits
	 */
	public List<String> problemsWith(TableDescription table) {
		String name = table.tableName();
		List<String> problems = new ArrayList<>();
		List<KeySchemaElement> expectedKeys = keySchema(this.partitionKey, this.sortKey);
		if (!expectedKeys.equals(table.keySchema()) && this.sortKey == null) {
			problems.add(("Table '%s' has key schema %s but needs %s as its only (HASH) key. A table's key cannot "
					+ "be changed: recreate the table from infra/aws/.").formatted(name,
							describeKeys(table.keySchema()), this.partitionKey.name()));
		}
		else if (!expectedKeys.equals(table.keySchema())) {
			problems.add(("Table '%s' has key schema %s but needs %s. A table's key cannot be changed: recreate the "
					+ "table from infra/aws/.").formatted(name, describeKeys(table.keySchema()),
							describeKeys(expectedKeys)));
		}
		for (Index index : this.indexes) {
			GlobalSecondaryIndexDescription actual = table.globalSecondaryIndexes()
				.stream()
				.filter((gsi) -> gsi.indexName().equals(index.name()))
				.findFirst()
				.orElse(null);
			List<KeySchemaElement> expected = keySchema(index.partitionKey(), index.sortKey());
			if (actual == null) {
				problems.add(("Table '%s' has no global secondary index '%s' (%s). Add it with: aws dynamodb "
						+ "update-table --table-name %s --attribute-definitions %s --global-secondary-index-updates "
						+ "'[{\"Create\":{\"IndexName\":\"%s\",\"KeySchema\":%s,\"Projection\":{\"ProjectionType\":\"ALL\"}}}]'")
					.formatted(name, index.name(), describeKeys(expected), name, cliAttributes(index), index.name(),
							cliKeySchema(expected)));
			}
			else if (!expected.equals(actual.keySchema())) {
				problems.add(("Index '%s' of table '%s' has key schema %s but needs %s. Delete the index and "
						+ "create it again with that key schema.").formatted(index.name(), name,
								describeKeys(actual.keySchema()), describeKeys(expected)));
			}
		}
		if (this.streamViewType != null) {
			boolean enabled = table.streamSpecification() != null
					&& Boolean.TRUE.equals(table.streamSpecification().streamEnabled());
			String fix = "aws dynamodb update-table --table-name %s --stream-specification StreamEnabled=true,StreamViewType=%s"
				.formatted(name, this.streamViewType);
			if (!enabled || table.latestStreamArn() == null) {
				problems.add("Table '%s' has no stream; the change consumer needs one with view type %s. Enable it with: %s"
					.formatted(name, this.streamViewType, fix));
			}
			else if (table.streamSpecification().streamViewType() != this.streamViewType) {
				problems.add(("Table '%s' has a stream of view type %s, but the change consumer needs %s (old and new "
						+ "images). A stream's view type cannot be changed in place: disable the stream with aws "
						+ "dynamodb update-table --table-name %s --stream-specification StreamEnabled=false, then: %s")
					.formatted(name, table.streamSpecification().streamViewType(), this.streamViewType, name, fix));
			}
		}
		return problems;
	}

	/**
	 * Compares a table's TTL setting with this definition. A wrong TTL setting does not stop the app (items just do
	 * not expire), so this is a warning.
	 */
	public @Nullable String ttlWarning(String tableName, @Nullable TimeToLiveDescription ttl) {
		if (this.ttlAttribute == null) {
			return null;
		}
		boolean enabled = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
				|| ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
		if (enabled && Objects.equals(ttl.attributeName(), this.ttlAttribute)) {
			return null;
		}
		return ("Table '%s' does not expire items by '%s', so todos with a TTL are never deleted. Enable it with: aws "
				+ "dynamodb update-time-to-live --table-name %s --time-to-live-specification Enabled=true,AttributeName=%s")
			.formatted(tableName, this.ttlAttribute, tableName, this.ttlAttribute);
	}

	private static List<KeySchemaElement> keySchema(Key partitionKey, @Nullable Key sortKey) {
		List<KeySchemaElement> keys = new ArrayList<>();
		keys.add(KeySchemaElement.builder().attributeName(partitionKey.name()).keyType(KeyType.HASH).build());
		if (sortKey != null) {
			keys.add(KeySchemaElement.builder().attributeName(sortKey.name()).keyType(KeyType.RANGE).build());
		}
		return keys;
	}

	private static String describeKeys(List<KeySchemaElement> keys) {
		return keys.stream().map((key) -> key.attributeName() + " " + key.keyTypeAsString()).toList().toString();
	}

	private static String cliAttributes(Index index) {
		StringBuilder out = new StringBuilder("AttributeName=%s,AttributeType=%s"
			.formatted(index.partitionKey().name(), index.partitionKey().type()));
		if (index.sortKey() != null) {
			out.append(" AttributeName=%s,AttributeType=%s".formatted(index.sortKey().name(), index.sortKey().type()));
		}
		return out.toString();
	}

	private static String cliKeySchema(List<KeySchemaElement> keys) {
		return keys.stream()
			.map((key) -> "{\"AttributeName\":\"%s\",\"KeyType\":\"%s\"}".formatted(key.attributeName(),
					key.keyTypeAsString()))
			.toList()
			.toString()
			.replace(", ", ",");
	}

}
