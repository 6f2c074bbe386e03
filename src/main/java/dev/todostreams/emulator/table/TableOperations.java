package dev.todostreams.emulator.table;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.api.Requests;
import dev.todostreams.emulator.stream.StreamStore;

/** CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, TTL, tags and the small describe calls. */
final class TableOperations {

	private static final int MAX_GSIS = 20;

	private static final int MAX_LSIS = 5;

	private final Database db;

	TableOperations(Database db) {
		this.db = db;
	}

	Map<String, Object> createTable(Map<String, Object> request) {
		String name = Requests.tableName(request);
		Map<String, String> definitions = attributeDefinitions(request);
		List<KeyAttribute> key = keySchema(Requests.list(request, "KeySchema"), definitions, "KeySchema");
		String billing = Requests.oneOf(request, "BillingMode", "PROVISIONED", "PROVISIONED", "PAY_PER_REQUEST");
		long[] throughput = throughput(request, billing, "");
		BigDecimal now = BigDecimal.valueOf(db.clock.millis()).divide(BigDecimal.valueOf(1000), 3, RoundingMode.UNNECESSARY);
		String arn = "arn:aws:dynamodb:" + db.region + ":" + db.accountId + ":table/" + name;
		Table table = new Table(name, arn, UUID.randomUUID().toString(), now, key.get(0), key.size() > 1 ? key.get(1) : null);
		table.attributeDefinitions.putAll(definitions);
		table.billingMode = billing;
		table.readCapacity = throughput[0];
		table.writeCapacity = throughput[1];
		table.deletionProtection = Requests.bool(request, "DeletionProtectionEnabled", false);
		Set<String> used = new HashSet<>();
		key.forEach(k -> used.add(k.name()));
		List<Object> gsis = Requests.list(request, "GlobalSecondaryIndexes");
		List<Object> lsis = Requests.list(request, "LocalSecondaryIndexes");
		if (lsis != null) {
			if (lsis.isEmpty() || lsis.size() > MAX_LSIS) {
				throw AwsException.validation("One or more parameter values were invalid: LocalSecondaryIndexes must have between 1 and "
						+ MAX_LSIS + " indexes");
			}
			if (table.range == null) {
				throw AwsException.validation("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
			}
			for (Object o : lsis) {
				IndexDefinition index = indexDefinition(Requests.asMap(o, "LocalSecondaryIndexes"), definitions, false, billing);
				if (!index.hash().name().equals(table.hash.name())) {
					throw AwsException.validation("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: "
							+ index.name() + ". index hash key: " + index.hash().name() + ", table hash key: " + table.hash.name());
				}
				addIndex(table, index, used);
			}
		}
		if (gsis != null) {
			if (gsis.isEmpty() || gsis.size() > MAX_GSIS) {
				throw AwsException.validation("One or more parameter values were invalid: GlobalSecondaryIndexes must have between 1 and "
						+ MAX_GSIS + " indexes");
			}
			for (Object o : gsis) {
				addIndex(table, indexDefinition(Requests.asMap(o, "GlobalSecondaryIndexes"), definitions, true, billing), used);
			}
		}
		if (!used.equals(definitions.keySet())) {
			throw AwsException.validation("One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: "
					+ new TreeSet<>(definitions.keySet()) + ", keys used: " + new TreeSet<>(used));
		}
		Map<String, Object> streamSpec = Requests.map(request, "StreamSpecification");
		List<Object> tags = Requests.list(request, "Tags");
		if (tags != null) {
			Map<String, String> given = tags(tags);
			checkTagCount(table, given);
			table.tags.putAll(given);
		}
		db.writeLock.lock();
		try {
			Table existing = db.tables.get(name);
			if (existing != null && !db.gone(existing)) {
				if (existing.deleting) {
					throw inUse("DELETING", name);
				}
				throw AwsException.resourceInUse("Table already exists: " + name);
			}
			if (streamSpec != null && Requests.bool(streamSpec, "StreamEnabled", false)) {
				enableStream(table, streamViewType(streamSpec));
			}
			table.activeAtMillis = db.clock.millis() + db.tableStatusDelayMillis;
			db.tables.put(name, table);
			db.journalTable(table);
		}
		finally {
			db.writeLock.unlock();
		}
		// CreateTable always answers CREATING (API Reference, CreateTable); DescribeTable shows ACTIVE once the
		// configured delay (tableStatusDelay, 0 by default) has passed
		return Map.of("TableDescription", table.describe("CREATING"));
	}

	/** ResourceInUseException for a change to a table that is not ACTIVE (API Reference, ResourceInUseException). */
	private static AwsException inUse(String status, String name) {
		String being = switch (status) {
			case "CREATING" -> "created";
			case "DELETING" -> "deleted";
			default -> "updated";
		};
		return AwsException.resourceInUse("Attempt to change a resource which is still in use: Table is being " + being
				+ ": " + name);
	}

	/** Refuses a change (TTL, tags) to a table being deleted. */
	private void checkNotDeleting(Table table) {
		if (table.deleting) {
			throw inUse("DELETING", table.name);
		}
	}

	private static void addIndex(Table table, IndexDefinition index, Set<String> used) {
		if (table.indexes.containsKey(index.name())) {
			throw AwsException.validation("One or more parameter values were invalid: Duplicate index name: " + index.name());
		}
		table.indexes.put(index.name(), new Index(index, table.hash, table.range));
		used.add(index.hash().name());
		if (index.range() != null) {
			used.add(index.range().name());
		}
	}

	private void enableStream(Table table, String viewType) {
		StreamStore.StreamInfo info = db.streams.enable(table.name, viewType, table.keySchemaJson());
		table.streamArn = info.arn();
		table.streamLabel = info.label();
		table.streamViewType = viewType;
		table.streamEnabled = true;
	}

	private static String streamViewType(Map<String, Object> spec) {
		String viewType = Requests.string(spec, "StreamViewType");
		if (viewType == null) {
			throw AwsException.validation("One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true");
		}
		return Requests.oneOf(spec, "StreamViewType", viewType, "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
	}

	private static Map<String, String> attributeDefinitions(Map<String, Object> request) {
		List<Object> list = Requests.list(request, "AttributeDefinitions");
		if (list == null || list.isEmpty()) {
			throw AwsException.validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
		}
		Map<String, String> definitions = new LinkedHashMap<>();
		for (Object o : list) {
			Map<String, Object> d = Requests.asMap(o, "AttributeDefinitions");
			String name = Requests.required(d, "AttributeName");
			String type = Requests.required(d, "AttributeType");
			if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
				throw AwsException.validation("1 validation error detected: Value '" + type
						+ "' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
			}
			if (definitions.put(name, type) != null) {
				throw AwsException.validation("Cannot have two attributes with the same name: " + name);
			}
		}
		return definitions;
	}

	private static List<KeyAttribute> keySchema(@Nullable List<Object> schema, Map<String, String> definitions, String where) {
		if (schema == null || schema.isEmpty() || schema.size() > 2) {
			throw AwsException.validation("1 validation error detected: Value at '" + Requests.lowerFirst(where)
					+ "' failed to satisfy constraint: Member must have length less than or equal to 2 and greater than or equal to 1");
		}
		List<KeyAttribute> out = new ArrayList<>();
		for (int i = 0; i < schema.size(); i++) {
			Map<String, Object> element = Requests.asMap(schema.get(i), where);
			String name = Requests.required(element, "AttributeName");
			String keyType = Requests.required(element, "KeyType");
			String expected = i == 0 ? "HASH" : "RANGE";
			if (!keyType.equals(expected)) {
				throw AwsException.validation("Invalid KeySchema: The " + (i == 0 ? "first" : "second")
						+ " KeySchemaElement is not a " + expected + " key type");
			}
			String type = definitions.get(name);
			if (type == null) {
				throw AwsException.validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: ["
						+ name + "], AttributeDefinitions: " + definitions.keySet());
			}
			out.add(new KeyAttribute(name, type));
		}
		if (out.size() == 2 && out.get(0).name().equals(out.get(1).name())) {
			throw AwsException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
		}
		return out;
	}

	private static IndexDefinition indexDefinition(Map<String, Object> spec, Map<String, String> definitions, boolean global,
			String billing) {
		String name = Requests.required(spec, "IndexName");
		if (!name.matches("[a-zA-Z0-9_.-]{3,255}")) {
			throw AwsException.validation("1 validation error detected: Value '" + name
					+ "' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
		}
		List<KeyAttribute> key = keySchema(Requests.list(spec, "KeySchema"), definitions, "KeySchema");
		Map<String, Object> projection = Requests.map(spec, "Projection");
		if (projection == null) {
			throw AwsException.validation("1 validation error detected: Value null at 'projection' failed to satisfy constraint: Member must not be null");
		}
		String type = Requests.oneOf(projection, "ProjectionType", "ALL", "ALL", "KEYS_ONLY", "INCLUDE");
		List<String> nonKey = new ArrayList<>();
		List<Object> listed = Requests.list(projection, "NonKeyAttributes");
		if (listed != null) {
			if (!type.equals("INCLUDE")) {
				throw AwsException.validation("One or more parameter values were invalid: ProjectionType is " + type
						+ ", but NonKeyAttributes is specified");
			}
			listed.forEach(o -> nonKey.add(String.valueOf(o)));
		}
		else if (type.equals("INCLUDE")) {
			throw AwsException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
		}
		long[] throughput = global ? throughput(spec, billing, " for index " + name) : new long[] { 0, 0 };
		return new IndexDefinition(name, global, key.get(0), key.size() > 1 ? key.get(1) : null, type, nonKey,
				throughput[0], throughput[1]);
	}

	private static long[] throughput(Map<String, Object> spec, String billing, String where) {
		Map<String, Object> t = Requests.map(spec, "ProvisionedThroughput");
		if ("PAY_PER_REQUEST".equals(billing)) {
			if (t != null) {
				throw AwsException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
			}
			return new long[] { 0, 0 };
		}
		if (t == null) {
			throw AwsException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
					+ where);
		}
		long read = Requests.longValue(t, "ReadCapacityUnits");
		long write = Requests.longValue(t, "WriteCapacityUnits");
		if (read < 1 || write < 1) {
			throw AwsException.validation("One or more parameter values were invalid: Provisioned throughput for the table must be at least 1"
					+ where);
		}
		return new long[] { read, write };
	}

	private static final int MAX_TAGS = 50;

	/**
	 * Tags as DynamoDB validates them (Developer Guide, "Tagging restrictions in DynamoDB"; API Reference, Tag): key
	 * 1..128 and value 0..256 characters of letters, digits, white space and {@code + - = . _ : / @}, no {@code aws:}
	 * prefix, at most 50 per table.
	 */
	private static Map<String, String> tags(List<Object> tags) {
		if (tags.isEmpty()) {
			throw AwsException.validation("1 validation error detected: Value '[]' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1");
		}
		Map<String, String> out = new LinkedHashMap<>();
		for (Object o : tags) {
			Map<String, Object> tag = Requests.asMap(o, "Tags");
			String key = Requests.required(tag, "Key");
			String value = Requests.required(tag, "Value");
			checkTagText(key, "key", 1, 128);
			checkTagText(value, "value", 0, 256);
			if (key.startsWith("aws:")) {
				throw AwsException.validation("One or more parameter values were invalid: Tag keys starting with 'aws:' are reserved for system use");
			}
			if (out.containsKey(key)) {
				throw AwsException.validation("One or more parameter values were invalid: Duplicate tag keys found. Please note that Tag keys are case sensitive.");
			}
			out.put(key, value);
		}
		return out;
	}

	private static void checkTagText(String text, String what, int min, int max) {
		int length = text.codePointCount(0, text.length());
		if (length < min || length > max) {
			throw AwsException.validation("1 validation error detected: Value '" + text + "' at 'tags.member." + what
					+ "' failed to satisfy constraint: Member must have length " + (length < min
							? "greater than or equal to " + min : "less than or equal to " + max));
		}
		boolean valid = text.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || Character.isWhitespace(c)
				|| "+-=._:/@".indexOf(c) >= 0);
		if (!valid) {
			throw AwsException.validation("1 validation error detected: Value '" + text + "' at 'tags.member." + what
					+ "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
		}
	}

	private static void checkTagCount(Table table, Map<String, String> added) {
		Set<String> all = new HashSet<>(table.tags.keySet());
		all.addAll(added.keySet());
		if (all.size() > MAX_TAGS) {
			throw new AwsException("LimitExceededException", "The number of tags would exceed the limit of " + MAX_TAGS
					+ " tags per resource: " + table.arn);
		}
	}

	/** Tag calls take a table ARN only (API Reference, TagResource: ResourceArn), never a table name. */
	private Table taggedTable(String arn) {
		if (arn.isEmpty() || arn.length() > 1283) {
			throw AwsException.validation("1 validation error detected: Value '" + arn
					+ "' at 'resourceArn' failed to satisfy constraint: Member must have length less than or equal to 1283 and greater than or equal to 1");
		}
		if (!arn.matches("arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/[a-zA-Z0-9_.-]{3,255}")) {
			throw AwsException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
		}
		return db.tableByNameOrArn(arn, false);
	}

	Map<String, Object> describeTable(Map<String, Object> request) {
		Table table = db.anyTable(Requests.tableName(request));
		long now = db.clock.millis();
		return Map.of("Table", table.describe(table.status(now), now));
	}

	/**
	 * DeleteTable (API Reference, DeleteTable): answers DELETING; the table stays DELETING (item calls
	 * ResourceNotFoundException, changes ResourceInUseException, another DeleteTable answers it again without an error)
	 * for tableStatusDelay and is gone after it. Its stream is DISABLED at once and stays readable for the stream
	 * retention (24 h). The deletion is journalled at once, so a restart never brings the table back.
	 */
	Map<String, Object> deleteTable(Map<String, Object> request) {
		String name = Requests.tableName(request);
		db.writeLock.lock();
		try {
			Table table = db.anyTable(name);
			long now = db.clock.millis();
			String status = table.status(now);
			if (status.equals("DELETING")) {
				// "If table is already in the DELETING state, no error is returned."
				return Map.of("TableDescription", table.describe("DELETING", now));
			}
			if (!status.equals("ACTIVE")) {
				// a table CREATING or UPDATING answers ResourceInUseException
				throw inUse(status, name);
			}
			if (table.deletionProtection) {
				throw AwsException.validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
			}
			Map<String, Object> description = table.describe("DELETING");
			if (table.streamEnabled && table.streamArn != null) {
				db.streams.disable(table.streamArn);
			}
			db.journalTableDeleted(name);
			if (db.tableStatusDelayMillis == 0) {
				db.tables.remove(name);
			}
			else {
				table.goneAtMillis = now + db.tableStatusDelayMillis;
				table.deleting = true;
			}
			return Map.of("TableDescription", description);
		}
		finally {
			db.writeLock.unlock();
		}
	}

	Map<String, Object> listTables(Map<String, Object> request) {
		Integer limit = Requests.integer(request, "Limit");
		if (limit != null && (limit < 1 || limit > 100)) {
			throw AwsException.validation("1 validation error detected: Value '" + limit
					+ "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100 and greater than or equal to 1");
		}
		int max = limit == null ? 100 : limit;
		String start = Requests.string(request, "ExclusiveStartTableName");
		// a DELETING table is listed until it is gone
		TreeSet<String> listed = new TreeSet<>();
		for (Table t : db.tables.values()) {
			if (!db.gone(t)) {
				listed.add(t.name);
			}
		}
		List<String> names = new ArrayList<>(listed);
		List<String> page = new ArrayList<>();
		for (String n : names) {
			if (start != null && n.compareTo(start) <= 0) {
				continue;
			}
			page.add(n);
			if (page.size() == max) {
				break;
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("TableNames", page);
		if (page.size() == max && !page.isEmpty() && !names.get(names.size() - 1).equals(page.get(page.size() - 1))) {
			out.put("LastEvaluatedTableName", page.get(page.size() - 1));
		}
		return out;
	}

	Map<String, Object> updateTable(Map<String, Object> request) {
		String name = Requests.tableName(request);
		db.writeLock.lock();
		try {
			Table table = db.anyTable(name);
			// every check comes before the first change: a refused UpdateTable changes nothing
			String status = db.status(table);
			if (!status.equals("ACTIVE")) {
				throw inUse(status, name);
			}
			Map<String, String> definitions = new LinkedHashMap<>(table.attributeDefinitions);
			// API Reference, UpdateTable, AttributeDefinitions: a new GSI's key elements must be defined in the
			// request itself (the table's stored definitions do not count)
			Map<String, String> requested = request.get("AttributeDefinitions") != null ? attributeDefinitions(request)
					: Map.of();
			for (Map.Entry<String, String> e : requested.entrySet()) {
				String existing = definitions.get(e.getKey());
				if (existing != null && !existing.equals(e.getValue())) {
					throw AwsException.validation("One or more parameter values were invalid: Cannot change the type of attribute "
							+ e.getKey());
				}
				definitions.put(e.getKey(), e.getValue());
			}
			String billing = Requests.oneOf(request, "BillingMode", table.billingMode, "PROVISIONED", "PAY_PER_REQUEST");
			boolean billingChanges = !billing.equals(table.billingMode);
			long[] throughput = request.get("ProvisionedThroughput") != null ? throughput(request, billing, "") : null;
			Boolean deletionProtection = request.get("DeletionProtectionEnabled") == null ? null
					: Requests.bool(request, "DeletionProtectionEnabled", false);
			List<Object> updates = Requests.list(request, "GlobalSecondaryIndexUpdates");
			List<IndexDefinition> creates = new ArrayList<>();
			List<String> deletes = new ArrayList<>();
			if (updates != null) {
				Set<String> touched = new HashSet<>();
				for (Object o : updates) {
					Map<String, Object> update = Requests.asMap(o, "GlobalSecondaryIndexUpdates");
					Map<String, Object> create = Requests.map(update, "Create");
					Map<String, Object> delete = Requests.map(update, "Delete");
					Map<String, Object> modify = Requests.map(update, "Update");
					int actions = (create != null ? 1 : 0) + (delete != null ? 1 : 0) + (modify != null ? 1 : 0);
					if (actions != 1) {
						// API Reference, GlobalSecondaryIndexUpdate: one of Create, Update or Delete per element
						throw AwsException.validation("One or more parameter values were invalid: "
								+ (actions == 0 ? "One of Create, Update or Delete must be specified in a GlobalSecondaryIndexUpdate"
										: "Only one of Create, Update or Delete may be specified in a GlobalSecondaryIndexUpdate"));
					}
					String indexName;
					if (create != null) {
						IndexDefinition index = indexDefinition(create, requested, true, billing);
						if (table.indexes.containsKey(index.name())) {
							throw AwsException.validation("One or more parameter values were invalid: Attempting to create an index which already exists");
						}
						indexName = index.name();
						creates.add(index);
					}
					else if (delete != null) {
						indexName = Requests.required(delete, "IndexName");
						Index removed = table.indexes.get(indexName);
						if (removed == null || !removed.definition.global()) {
							throw AwsException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
						}
						deletes.add(indexName);
					}
					else {
						indexName = Requests.required(modify, "IndexName");
						if (table.indexes.get(indexName) == null) {
							throw AwsException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
						}
					}
					if (!touched.add(indexName)) {
						throw AwsException.validation("One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: "
								+ indexName);
					}
				}
				if (creates.size() + deletes.size() > 1) {
					// Developer Guide, "Managing global secondary indexes": one index created or deleted per UpdateTable
					throw new AwsException("LimitExceededException",
							"Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
				}
				if (table.indexes.size() - deletes.size() + creates.size() > MAX_GSIS + MAX_LSIS) {
					throw AwsException.validation("One or more parameter values were invalid: GlobalSecondaryIndexes must have between 1 and "
							+ MAX_GSIS + " indexes");
				}
			}
			Map<String, Object> streamSpec = Requests.map(request, "StreamSpecification");
			Boolean enableStream = null;
			String viewType = null;
			if (streamSpec != null) {
				enableStream = Requests.bool(streamSpec, "StreamEnabled", false);
				if (enableStream) {
					if (table.streamEnabled) {
						throw AwsException.validation("Table already has an enabled stream: " + table.streamArn);
					}
					viewType = streamViewType(streamSpec);
				}
				else if (!table.streamEnabled) {
					throw AwsException.validation("Table already has no enabled stream: " + name);
				}
			}
			boolean changed = billingChanges || throughput != null || deletionProtection != null || updates != null
					|| streamSpec != null;
			if (!changed) {
				if (request.get("BillingMode") != null) {
					// only the current billing mode: a no-op answering the table, not a refusal
					return Map.of("TableDescription", table.describe(status, db.clock.millis()));
				}
				throw AwsException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
			}
			// ---- apply
			long now = db.clock.millis();
			table.billingMode = billing;
			if (throughput != null) {
				table.readCapacity = throughput[0];
				table.writeCapacity = throughput[1];
			}
			else if ("PAY_PER_REQUEST".equals(billing)) {
				table.readCapacity = 0;
				table.writeCapacity = 0;
			}
			if (deletionProtection != null) {
				table.deletionProtection = deletionProtection;
			}
			if (updates != null) {
				deletes.forEach(table.indexes::remove);
				for (IndexDefinition index : creates) {
					Index created = new Index(index, table.hash, table.range);
					table.backfill(created);
					created.activeAtMillis = now + db.tableStatusDelayMillis;
					table.indexes.put(index.name(), created);
				}
				// keep only definitions still used by a key
				Set<String> used = new HashSet<>();
				used.add(table.hash.name());
				if (table.range != null) {
					used.add(table.range.name());
				}
				for (Index index : table.indexes.values()) {
					used.add(index.definition.hash().name());
					if (index.definition.range() != null) {
						used.add(index.definition.range().name());
					}
				}
				definitions.keySet().retainAll(used);
				table.attributeDefinitions.clear();
				table.attributeDefinitions.putAll(definitions);
			}
			if (enableStream != null) {
				if (enableStream) {
					enableStream(table, viewType);
				}
				else {
					db.streams.disable(table.streamArn);
					table.streamEnabled = false;
				}
			}
			table.updatingUntilMillis = now + db.tableStatusDelayMillis;
			db.journalTable(table);
			// UpdateTable answers UPDATING (API Reference, UpdateTable: the table is UPDATING while the change runs)
			return Map.of("TableDescription", table.describe("UPDATING", now));
		}
		finally {
			db.writeLock.unlock();
		}
	}

	Map<String, Object> updateTimeToLive(Map<String, Object> request) {
		String name = Requests.tableName(request);
		Map<String, Object> spec = Requests.map(request, "TimeToLiveSpecification");
		if (spec == null) {
			throw AwsException.validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
		}
		String attribute = Requests.required(spec, "AttributeName");
		// API Reference, TimeToLiveSpecification: AttributeName 1..255 characters, Enabled required
		if (attribute.isEmpty() || attribute.length() > 255) {
			throw AwsException.validation("1 validation error detected: Value '" + attribute
					+ "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length "
					+ (attribute.isEmpty() ? "greater than or equal to 1" : "less than or equal to 255"));
		}
		if (spec.get("Enabled") == null) {
			throw AwsException.validation("1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
		}
		boolean enabled = Requests.bool(spec, "Enabled", false);
		db.writeLock.lock();
		try {
			Table table = db.anyTable(name);
			checkNotDeleting(table);
			if (enabled == table.ttlEnabled) {
				throw AwsException.validation("TimeToLive is already " + (enabled ? "enabled" : "disabled"));
			}
			if (!enabled && table.ttlAttribute != null && !table.ttlAttribute.equals(attribute)) {
				throw AwsException.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
						+ table.ttlAttribute);
			}
			table.ttlAttribute = attribute;
			table.ttlEnabled = enabled;
			db.journalTable(table);
		}
		finally {
			db.writeLock.unlock();
		}
		return Map.of("TimeToLiveSpecification", Map.of("AttributeName", attribute, "Enabled", enabled));
	}

	Map<String, Object> describeTimeToLive(Map<String, Object> request) {
		Table table = db.anyTable(Requests.tableName(request));
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("TimeToLiveStatus", table.ttlEnabled ? "ENABLED" : "DISABLED");
		if (table.ttlEnabled && table.ttlAttribute != null) {
			d.put("AttributeName", table.ttlAttribute);
		}
		return Map.of("TimeToLiveDescription", d);
	}

	Map<String, Object> tagResource(Map<String, Object> request) {
		String arn = Requests.required(request, "ResourceArn");
		List<Object> tags = Requests.list(request, "Tags");
		if (tags == null) {
			throw AwsException.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
		}
		Map<String, String> added = tags(tags);
		db.writeLock.lock();
		try {
			Table table = taggedTable(arn);
			checkNotDeleting(table);
			checkTagCount(table, added);
			table.tags.putAll(added);
			db.journalTable(table);
		}
		finally {
			db.writeLock.unlock();
		}
		return Map.of();
	}

	Map<String, Object> untagResource(Map<String, Object> request) {
		String arn = Requests.required(request, "ResourceArn");
		List<Object> keys = Requests.list(request, "TagKeys");
		if (keys == null) {
			throw AwsException.validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
		}
		for (Object k : keys) {
			if (!(k instanceof String key)) {
				throw AwsException.serialization("Unexpected value type for TagKeys: expected a string");
			}
			checkTagText(key, "key", 1, 128);
		}
		db.writeLock.lock();
		try {
			Table table = taggedTable(arn);
			checkNotDeleting(table);
			keys.forEach(k -> table.tags.remove(String.valueOf(k)));
			db.journalTable(table);
		}
		finally {
			db.writeLock.unlock();
		}
		return Map.of();
	}

	Map<String, Object> listTagsOfResource(Map<String, Object> request) {
		Table table = taggedTable(Requests.required(request, "ResourceArn"));
		List<Object> tags = new ArrayList<>();
		table.tags.forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
		return Map.of("Tags", tags);
	}

	Map<String, Object> describeContinuousBackups(Map<String, Object> request) {
		db.anyTable(Requests.tableName(request));
		return Map.of("ContinuousBackupsDescription", Map.of("ContinuousBackupsStatus", "ENABLED",
				"PointInTimeRecoveryDescription", Map.of("PointInTimeRecoveryStatus", "DISABLED")));
	}

	Map<String, Object> updateContinuousBackups(Map<String, Object> request) {
		db.anyTable(Requests.tableName(request));
		Map<String, Object> spec = Requests.map(request, "PointInTimeRecoverySpecification");
		boolean enabled = spec != null && Requests.bool(spec, "PointInTimeRecoveryEnabled", false);
		return Map.of("ContinuousBackupsDescription", Map.of("ContinuousBackupsStatus", "ENABLED",
				"PointInTimeRecoveryDescription", Map.of("PointInTimeRecoveryStatus", enabled ? "ENABLED" : "DISABLED")));
	}

	Map<String, Object> describeLimits() {
		return Map.of("AccountMaxReadCapacityUnits", 80000L, "AccountMaxWriteCapacityUnits", 80000L,
				"TableMaxReadCapacityUnits", 40000L, "TableMaxWriteCapacityUnits", 40000L);
	}

	Map<String, Object> describeEndpoints() {
		return Map.of("Endpoints", List.of(Map.of("Address", "localhost", "CachePeriodInMinutes", 1440L)));
	}
}
