package dev.todostreams.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.todostreams.live.ChangeLog;
import dev.todostreams.notify.WebhookEncryptionProperties;
import dev.todostreams.notify.WebhookTables;
import dev.todostreams.stream.StreamTestEnvironment;
import dev.todostreams.stream.dynamodb.StreamTables;
import dev.todostreams.stream.kcl.StreamProperties;
import dev.todostreams.system.TableDefinition;
import dev.todostreams.todo.TodoTable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import static dev.todostreams.infra.Yamls.at;
import static dev.todostreams.infra.Yamls.list;
import static dev.todostreams.infra.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production template (infra/aws/todo-streams.yaml) against the code: the tables must have exactly the shape the
 * app creates in the other modes, and the policy must grant what the service touches and nothing broader.
 */
class AwsTemplateTests {

	static final String TEMPLATE = "infra/aws/todo-streams.yaml";

	private static final String REGION = "us-east-1";

	private static final String ACCOUNT = "123456789012";

	private final Map<String, Object> template = Yamls.load(TEMPLATE);

	@Test
	void todosTableMatchesTheTableDefinitionTheCodeUses() {
		TableDefinition definition = TodoTable.todos();
		Map<String, Object> table = properties("TodosTable");
		assertThat(parameterDefault("TodosTableName")).isEqualTo(definition.logicalName());
		assertSameShape(table, definition.createTableRequest(definition.logicalName()));
		assertThat(at(table, "StreamSpecification", "StreamViewType"))
			.isEqualTo(definition.streamViewType().toString());
		assertThat(at(table, "TimeToLiveSpecification", "AttributeName")).isEqualTo(definition.ttlAttribute());
		assertThat(at(table, "TimeToLiveSpecification", "Enabled")).isEqualTo(true);
	}

	@Test
	void todosTableIsReadyForProduction() {
		Map<String, Object> resource = map(at(this.template, "Resources", "TodosTable"));
		Map<String, Object> table = properties("TodosTable");
		assertThat(at(table, "BillingMode")).isEqualTo("PAY_PER_REQUEST");
		assertThat(at(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")).isEqualTo(true);
		assertThat(at(table, "SSESpecification", "SSEEnabled")).isEqualTo(true);
		assertThat(at(table, "SSESpecification", "SSEType")).isEqualTo("KMS");
		assertThat(at(table, "DeletionProtectionEnabled")).isEqualTo(true);
		assertThat(resource).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
	}

	@Test
	void countersTableMatchesTheTableDefinitionTheCodeUses() {
		TableDefinition definition = TodoTable.counters();
		assertThat(parameterDefault("CountersTableName")).isEqualTo(definition.logicalName());
		assertSameShape(properties("CountersTable"), definition.createTableRequest(definition.logicalName()));
	}

	@Test
	void consumerTablesHaveTheShapeTheConsumerCreates() {
		StreamProperties.Tables defaults = StreamProperties.Tables.defaults();
		assertThat(parameterDefault("IdempotencyTableName")).isEqualTo(defaults.idempotency());
		assertThat(parameterDefault("DeadLettersTableName")).isEqualTo(defaults.deadLetters());
		try (StreamTestEnvironment env = StreamTestEnvironment.start()) {
			DynamoDbClient dynamo = env.dynamo();
			for (String resource : List.of("IdempotencyTable", "DeadLettersTable")) {
				String name = defaults.idempotency();
				if (resource.equals("DeadLettersTable")) {
					name = defaults.deadLetters();
				}
				StreamTables.ensure(dynamo, name, true);
				String tableName = name;
				TableDescription created = dynamo.describeTable((r) -> r.tableName(tableName)).table();
				Map<String, Object> table = properties(resource);
				assertThat(keySchema(table)).as(resource).isEqualTo(created.keySchema()
					.stream()
					.map((key) -> key.attributeName() + " " + key.keyTypeAsString())
					.toList());
				assertThat(at(table, "TimeToLiveSpecification", "AttributeName")).as(resource)
					.isEqualTo(dynamo.describeTimeToLive((r) -> r.tableName(tableName))
						.timeToLiveDescription()
						.attributeName());
			}
		}
	}

	@Test
	void policyGrantsTheTablesTheServiceUses() {
		String kclApp = StreamProperties.defaults("Todos", StreamProperties.Preset.SAFE).applicationName();
		assertThat(parameterDefault("KclApplicationName")).isEqualTo(kclApp);
		StreamProperties.Tables tables = StreamProperties.Tables.defaults();
		for (String table : List.of(TodoTable.NAME, TodoTable.COUNTERS_NAME, tables.idempotency(),
				tables.deadLetters(), "WebhookSubscriptions", "WebhookDeliveries")) {
			for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
					"dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable")) {
				assertThat(allows(action, tableArn(table))).as("%s on %s", action, table).isTrue();
			}
		}
		assertThat(allows("dynamodb:Query", tableArn(TodoTable.NAME) + "/index/" + TodoTable.STATUS_INDEX)).isTrue();
		// KCL creates its own tables and adds a GSI to the lease table later
		for (String table : List.of(kclApp, kclApp + "-CoordinatorState", kclApp + "-WorkerMetricStats")) {
			for (String action : List.of("dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable",
					"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
					"dynamodb:Scan", "dynamodb:Query")) {
				assertThat(allows(action, tableArn(table))).as("%s on %s", action, table).isTrue();
			}
		}
		assertThat(allows("dynamodb:Query", tableArn(kclApp) + "/index/LeaseOwnerToLeaseKeyIndex")).isTrue();
		String stream = tableArn(TodoTable.NAME) + "/stream/2026-11-25T19:00:00.000";
		for (String action : List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords")) {
			assertThat(allows(action, stream)).as(action).isTrue();
		}
	}

	@Test
	void policyGrantsNothingBeyondIt() {
		assertThat(allows("dynamodb:GetItem", tableArn("Orders"))).isFalse();
		assertThat(allows("dynamodb:CreateTable", tableArn(TodoTable.NAME))).isFalse();
		assertThat(allows("dynamodb:DeleteTable", tableArn(TodoTable.NAME))).isFalse();
		assertThat(allows("dynamodb:DeleteTable", tableArn("todo-streams-consumer"))).isFalse();
		assertThat(allows("dynamodb:GetRecords", tableArn("Orders") + "/stream/2026-11-25T19:00:00.000")).isFalse();
		for (Map<String, Object> statement : statements()) {
			assertThat(actions(statement)).noneMatch((action) -> action.equals("*") || action.endsWith(":*"));
			if (resources(statement).contains("*")) {
				assertThat(statement).as("a statement on every resource must be narrowed by a condition")
					.containsKey("Condition");
			}
		}
	}

	@Test
	void createsTheWebhookEncryptionKeyAndGrantsReadingItOnly() {
		assertThat(parameterDefault("WebhookEncryptionSecretName"))
			.isEqualTo(new WebhookEncryptionProperties(null, List.of(), null, false, "todo-streams/webhooks").secretName());
		String arn = "arn:aws:secretsmanager:%s:%s:secret:todo-streams/webhooks-Ab12Cd".formatted(REGION, ACCOUNT);
		assertThat(allows("secretsmanager:GetSecretValue", arn)).isTrue();
		assertThat(allows("secretsmanager:PutSecretValue", arn)).isFalse();
		assertThat(allows("secretsmanager:GetSecretValue", arn.replace("todo-streams/webhooks", "other"))).isFalse();
		Map<String, Object> secret = map(at(this.template, "Resources", "WebhookEncryptionSecret"));
		assertThat(secret).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
		Map<String, Object> generated = map(at(secret, "Properties", "GenerateSecretString"));
		assertThat(generated).containsEntry("GenerateStringKey", "todo.webhooks.encryption.key")
			.containsEntry("PasswordLength", 43)
			.containsEntry("ExcludePunctuation", true);
		// what Secrets Manager generates (43 letters and digits) is read as unpadded base64 of 32 bytes
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		java.util.Random random = new java.security.SecureRandom();
		StringBuilder key = new StringBuilder();
		for (int i = 0; i < 43; i++) {
			key.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		assertThat(java.util.Base64.getDecoder().decode(key.toString())).hasSize(32);
	}

	// --- webhooks and cursors (issue 14) ---

	/**
	 * The drift check: every table the app declares (each {@code @Bean TableDefinition} method of the main code, with
	 * the default configuration) is a table of the template with the same key schema, attributes, GSIs, stream and
	 * TTL, so a new or changed table cannot ship without the template following.
	 */
	@Test
	void everyTableTheAppDeclaresIsInTheTemplateWithTheSameShape() throws Exception {
		List<TableDefinition> declared = declaredTables();
		assertThat(declared).extracting(TableDefinition::logicalName)
			.as("found by scanning the @Bean methods")
			.contains(TodoTable.NAME, TodoTable.COUNTERS_NAME, WebhookTables.SUBSCRIPTIONS, WebhookTables.DELIVERIES,
					StreamProperties.Tables.defaults().idempotency(), StreamProperties.Tables.defaults().deadLetters());
		Map<String, String> resources = tableResourcesByName();
		for (TableDefinition definition : declared) {
			String resource = resources.get(definition.logicalName());
			assertThat(resource).as("a table resource named %s", definition.logicalName()).isNotNull();
			Map<String, Object> table = properties(resource);
			assertSameShape(table, definition.createTableRequest(definition.logicalName()));
			if (definition.streamViewType() != null) {
				assertThat(at(table, "StreamSpecification", "StreamViewType")).as(resource)
					.isEqualTo(definition.streamViewType().toString());
			}
			if (definition.ttlAttribute() != null) {
				assertThat(at(table, "TimeToLiveSpecification", "AttributeName")).as(resource)
					.isEqualTo(definition.ttlAttribute());
				assertThat(at(table, "TimeToLiveSpecification", "Enabled")).as(resource).isEqualTo(true);
			}
			else {
				assertThat(table).as(resource).doesNotContainKey("TimeToLiveSpecification");
			}
		}
	}

	@Test
	void everyTableOfTheTemplateIsOneTheAppDeclares() throws Exception {
		List<String> declared = declaredTables().stream().map(TableDefinition::logicalName).toList();
		assertThat(tableResourcesByName().keySet()).allSatisfy((name) -> assertThat(declared).contains(name));
	}

	@Test
	void policyGrantsTheWebhookTablesByNameOnly() {
		for (String table : List.of(WebhookTables.SUBSCRIPTIONS, WebhookTables.DELIVERIES)) {
			for (String action : List.of("dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive", "dynamodb:GetItem",
					"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
					"dynamodb:Scan")) {
				assertThat(allows(action, tableArn(table))).as("%s on %s", action, table).isTrue();
			}
		}
		for (String index : List.of(WebhookTables.DUE_INDEX, WebhookTables.SUBSCRIPTION_INDEX)) {
			assertThat(allows("dynamodb:Query", tableArn(WebhookTables.DELIVERIES) + "/index/" + index)).as(index)
				.isTrue();
		}
		assertThat(allows("dynamodb:GetItem", tableArn("WebhookSomethingElse"))).isFalse();
		assertThat(allows("dynamodb:DeleteTable", tableArn(WebhookTables.DELIVERIES))).isFalse();
	}

	@Test
	void createsTheCursorKeyAndGrantsReadingItOnly() {
		assertThat(parameterDefault("CursorSecretName")).isEqualTo(cursorSecretNameDefault());
		String arn = "arn:aws:secretsmanager:%s:%s:secret:todo-streams/cursors-Ab12Cd".formatted(REGION, ACCOUNT);
		assertThat(allows("secretsmanager:GetSecretValue", arn)).isTrue();
		assertThat(allows("secretsmanager:PutSecretValue", arn)).isFalse();
		assertThat(allows("secretsmanager:GetSecretValue", arn.replace("todo-streams/cursors", "todo-streams/other")))
			.isFalse();
		Map<String, Object> generated = map(at(this.template, "Resources", "CursorSecret", "Properties",
				"GenerateSecretString"));
		assertThat(generated).containsEntry("GenerateStringKey", "todo.api.cursor-secret")
			.containsEntry("ExcludePunctuation", true);
		// the app refuses keys shorter than 32 bytes
		assertThat((Integer) generated.get("PasswordLength")).isGreaterThanOrEqualTo(32);
		// and the aws profile imports this very secret
		assertThat(Yamls.load("src/main/resources/application-aws.yml").toString())
			.contains("${todo.api.cursor-secret-name:" + cursorSecretNameDefault() + "}");
	}

	private static String cursorSecretNameDefault() {
		for (java.lang.reflect.Parameter parameter : dev.todostreams.todo.TodoProperties.class.getConstructors()[0]
			.getParameters()) {
			if (parameter.getName().equals("cursorSecretName")) {
				return parameter.getAnnotation(org.springframework.boot.context.properties.bind.DefaultValue.class)
					.value()[0];
			}
		}
		throw new AssertionError("TodoProperties has no cursorSecretName");
	}

	/** Table resources by their name with the parameters' defaults. */
	private Map<String, String> tableResourcesByName() {
		Map<String, String> tables = new LinkedHashMap<>();
		map(at(this.template, "Resources")).forEach((name, resource) -> {
			if ("AWS::DynamoDB::Table".equals(map(resource).get("Type"))) {
				tables.put(String.valueOf(resolve(at(map(resource), "Properties", "TableName"))), name);
			}
		});
		return tables;
	}

	/**
	 * Calls every {@code @Bean} method of the main code's configuration classes that returns a
	 * {@link TableDefinition}; its parameters may only be configuration properties, bound from an empty
	 * configuration (the defaults).
	 */
	static List<TableDefinition> declaredTables() throws Exception {
		org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider scanner =
				new org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new org.springframework.core.type.filter.AnnotationTypeFilter(
				org.springframework.context.annotation.Configuration.class));
		List<TableDefinition> tables = new ArrayList<>();
		for (org.springframework.beans.factory.config.BeanDefinition candidate : scanner
			.findCandidateComponents("dev.todostreams")) {
			Class<?> type = Class.forName(candidate.getBeanClassName());
			if (type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes")) {
				continue;
			}
			for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
				if (!method.isAnnotationPresent(org.springframework.context.annotation.Bean.class)
						|| !TableDefinition.class.isAssignableFrom(method.getReturnType())) {
					continue;
				}
				Object target = null;
				if (!java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
					java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor();
					constructor.setAccessible(true);
					target = constructor.newInstance();
				}
				Object[] args = new Object[method.getParameterCount()];
				for (int i = 0; i < args.length; i++) {
					args[i] = defaultProperties(method.getParameterTypes()[i]);
				}
				method.setAccessible(true);
				tables.add((TableDefinition) method.invoke(target, args));
			}
		}
		return tables;
	}

	private static Object defaultProperties(Class<?> type) {
		org.springframework.boot.context.properties.ConfigurationProperties annotation = type
			.getAnnotation(org.springframework.boot.context.properties.ConfigurationProperties.class);
		assertThat(annotation).as("a @Bean TableDefinition method takes configuration properties only, not %s", type)
			.isNotNull();
		String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
		return new org.springframework.boot.context.properties.bind.Binder(
				new org.springframework.boot.context.properties.source.MapConfigurationPropertySource())
			.bindOrCreate(prefix, type);
	}

	// --- end webhooks and cursors (issue 14) ---

	// --- change log (issue 14) ---

	@Test
	void changeLogTableMatchesTheTableDefinitionTheCodeUses() {
		TableDefinition definition = ChangeLog.table(ChangeLog.TABLE);
		Map<String, Object> table = properties("ChangeLogTable");
		assertThat(parameterDefault("ChangeLogTableName")).isEqualTo(definition.logicalName());
		assertSameShape(table, definition.createTableRequest(definition.logicalName()));
		assertThat(table).doesNotContainKey("StreamSpecification");
		assertThat(at(table, "TimeToLiveSpecification", "AttributeName")).isEqualTo(definition.ttlAttribute());
		assertThat(at(table, "TimeToLiveSpecification", "Enabled")).isEqualTo(true);
		assertThat(at(table, "SSESpecification", "SSEType")).isEqualTo("KMS");
	}

	@Test
	void policyGrantsTheChangeLogWhatTheAppDoesWithItOnly() {
		String log = tableArn(ChangeLog.TABLE);
		for (String action : List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query",
				"dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive")) {
			assertThat(allows(action, log)).as(action).isTrue();
		}
		assertThat(allows("dynamodb:Query", log + "/index/LateBucket-LateAt-index")).isTrue();
		assertThat(allows("dynamodb:DeleteTable", log)).isFalse();
		assertThat(allows("dynamodb:CreateTable", log)).isFalse();
		// the ChangeLog statement on its own grants the table by name, nothing broader
		Map<String, Object> statement = statements().stream()
			.filter((s) -> "ChangeLog".equals(s.get("Sid")))
			.findFirst()
			.orElseThrow();
		assertThat(actions(statement)).doesNotContain("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Scan");
		assertThat(resources(statement)).allMatch((arn) -> arn.contains(":table/" + ChangeLog.TABLE));
	}

	// --- end change log (issue 14) ---

	private Map<String, Object> properties(String resource) {
		return map(at(this.template, "Resources", resource, "Properties"));
	}

	private Object parameterDefault(String parameter) {
		return at(this.template, "Parameters", parameter, "Default");
	}

	private static void assertSameShape(Map<String, Object> table, CreateTableRequest expected) {
		assertThat(keySchema(table)).isEqualTo(expected.keySchema()
			.stream()
			.map((key) -> key.attributeName() + " " + key.keyTypeAsString())
			.toList());
		Map<String, String> attributes = new LinkedHashMap<>();
		for (Object definition : list(at(table, "AttributeDefinitions"))) {
			attributes.put((String) map(definition).get("AttributeName"), (String) map(definition).get("AttributeType"));
		}
		Map<String, String> expectedAttributes = new LinkedHashMap<>();
		expected.attributeDefinitions()
			.forEach((definition) -> expectedAttributes.put(definition.attributeName(),
					definition.attributeTypeAsString()));
		assertThat(attributes).containsExactlyInAnyOrderEntriesOf(expectedAttributes);
		Map<String, List<String>> indexes = new LinkedHashMap<>();
		if (table.containsKey("GlobalSecondaryIndexes")) {
			for (Object index : list(table.get("GlobalSecondaryIndexes"))) {
				Map<String, Object> gsi = map(index);
				assertThat(at(gsi, "Projection", "ProjectionType")).isEqualTo("ALL");
				indexes.put((String) gsi.get("IndexName"), keySchema(gsi));
			}
		}
		Map<String, List<String>> expectedIndexes = new LinkedHashMap<>();
		for (GlobalSecondaryIndex gsi : expected.globalSecondaryIndexes()) {
			expectedIndexes.put(gsi.indexName(), gsi.keySchema()
				.stream()
				.map((key) -> key.attributeName() + " " + key.keyTypeAsString())
				.toList());
		}
		assertThat(indexes).isEqualTo(expectedIndexes);
		if (expected.streamSpecification() == null) {
			assertThat(table).doesNotContainKey("StreamSpecification");
		}
	}

	private static List<String> keySchema(Map<String, Object> owner) {
		List<String> keys = new ArrayList<>();
		for (Object key : list(at(owner, "KeySchema"))) {
			keys.add(map(key).get("AttributeName") + " " + map(key).get("KeyType"));
		}
		return keys;
	}

	private static String tableArn(String table) {
		return "arn:aws:dynamodb:%s:%s:table/%s".formatted(REGION, ACCOUNT, table);
	}

	/** Whether some Allow statement names the action and a resource pattern matching the ARN. */
	private boolean allows(String action, String arn) {
		for (Map<String, Object> statement : statements()) {
			if ("Allow".equals(statement.get("Effect")) && actions(statement).stream().anyMatch((a) -> glob(a, action))
					&& resources(statement).stream().anyMatch((r) -> glob(r, arn))) {
				return true;
			}
		}
		return false;
	}

	private List<Map<String, Object>> statements() {
		Object document = at(this.template, "Resources", "ServicePolicy", "Properties", "PolicyDocument");
		List<Map<String, Object>> statements = new ArrayList<>();
		for (Object statement : list(at(map(document), "Statement"))) {
			Object resolved = resolve(statement);
			if (resolved != null) {
				statements.add(map(resolved));
			}
		}
		return statements;
	}

	private static List<String> actions(Map<String, Object> statement) {
		return strings(statement.get("Action"));
	}

	private static List<String> resources(Map<String, Object> statement) {
		return strings(statement.get("Resource"));
	}

	private static List<String> strings(Object value) {
		if (value instanceof String) {
			return List.of((String) value);
		}
		return list(value).stream().map(String.class::cast).toList();
	}

	/**
	 * Evaluates the intrinsic functions the policy uses (Ref, Fn::Sub, Fn::If) with the parameters' defaults, in a
	 * made-up account and region; AWS::NoValue becomes null.
	 */
	private @Nullable Object resolve(Object node) {
		if (node instanceof Map) {
			Map<String, Object> map = map(node);
			if (map.size() == 1 && map.containsKey("Ref")) {
				return ref((String) map.get("Ref"));
			}
			if (map.size() == 1 && map.containsKey("Fn::Sub")) {
				return substitute((String) map.get("Fn::Sub"));
			}
			if (map.size() == 1 && map.containsKey("Fn::If")) {
				List<Object> branches = list(map.get("Fn::If"));
				return resolve(condition((String) branches.get(0)) ? branches.get(1) : branches.get(2));
			}
			Map<String, Object> resolved = new LinkedHashMap<>();
			map.forEach((key, value) -> resolved.put(key, resolve(value)));
			return resolved;
		}
		if (node instanceof List) {
			List<Object> resolved = new ArrayList<>();
			for (Object element : list(node)) {
				Object value = resolve(element);
				if (value != null) {
					resolved.add(value);
				}
			}
			return resolved;
		}
		return node;
	}

	private @Nullable Object ref(String name) {
		switch (name) {
			case "AWS::NoValue":
				return null;
			case "AWS::Partition":
				return "aws";
			case "AWS::Region":
				return REGION;
			case "AWS::AccountId":
				return ACCOUNT;
			default:
				return String.valueOf(parameterDefault(name));
		}
	}

	private String substitute(String text) {
		Matcher variable = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
		StringBuilder out = new StringBuilder();
		while (variable.find()) {
			variable.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(ref(variable.group(1)))));
		}
		variable.appendTail(out);
		return out.toString();
	}

	/** The template's one condition, UseCustomerKey, is false with the defaults (no KMS key given). */
	private boolean condition(String name) {
		assertThat(name).isEqualTo("UseCustomerKey");
		return !"".equals(parameterDefault("KmsKeyArn"));
	}

	/** IAM matching: {@code *} any run of characters, {@code ?} one character. */
	private static boolean glob(String pattern, String value) {
		StringBuilder regex = new StringBuilder();
		for (char c : pattern.toCharArray()) {
			if (c == '*') {
				regex.append(".*");
			}
			else if (c == '?') {
				regex.append('.');
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.matches(regex.toString(), value);
	}

}
