package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.s;
import static dev.todostreams.emulator.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** Item operations through the real AWS SDK v2: expressions, legacy forms, types and limits. */
class ItemContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	DynamoDbClient dynamo;

	@BeforeEach
	void createTable() {
		dynamo = emulator.dynamoDb();
		createTodos(dynamo, "Todos");
	}

	private Map<String, AttributeValue> get(String id) {
		return dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s(id))).consistentRead(true)).item();
	}

	@Test
	void putThenGetReturnsTheSeedItem() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		assertThat(get("T1001")).isEqualTo(todo("T1001", "In Progress"));
	}

	@Test
	void getOfMissingItemHasNoItem() {
		var response = dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T9"))));
		assertThat(response.hasItem()).isFalse();
	}

	@Test
	void conditionalPutRefusesExistingItemAndCanReturnIt() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos")
			.item(todo("T1001", "completed"))
			.conditionExpression("attribute_not_exists(TodoID)")
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
			.isInstanceOfSatisfying(ConditionalCheckFailedException.class,
					ex -> assertThat(ex.item()).isEqualTo(todo("T1001", "In Progress")));
		assertThat(get("T1001").get("Status")).isEqualTo(s("In Progress"));
	}

	@Test
	void putReturnsOldItem() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		var response = dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "completed")).returnValues(ReturnValue.ALL_OLD));
		assertThat(response.attributes()).isEqualTo(todo("T1001", "In Progress"));
	}

	@Test
	void updateWithReservedWordsNeedsNames() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		assertThatThrownBy(() -> dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1001")))
			.updateExpression("SET Status = :s")
			.expressionAttributeValues(Map.of(":s", s("completed")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("reserved keyword");
		var response = dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1001")))
			.updateExpression("SET #s = :new")
			.conditionExpression("#s = :old")
			.expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":new", s("completed"), ":old", s("In Progress")))
			.returnValues(ReturnValue.ALL_NEW));
		assertThat(response.attributes().get("Status")).isEqualTo(s("completed"));
	}

	@Test
	void updateArithmeticIfNotExistsListAppendRemoveAddDelete() {
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T1"), "Version", n("1"), "Tags",
				AttributeValue.fromSs(List.of("a", "b", "c")), "Notes", AttributeValue.fromL(List.of(s("n1"))), "Stale", s("x"))));
		dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1")))
			.updateExpression("SET Version = Version + :one, Created = if_not_exists(Created, :now), Notes = list_append(Notes, :more) "
					+ "REMOVE Stale ADD Hits :five, Tags :d")
			.expressionAttributeValues(Map.of(":one", n("1"), ":now", s("2024-03-25"), ":more",
					AttributeValue.fromL(List.of(s("n2"))), ":five", n("5"), ":d", AttributeValue.fromSs(List.of("d")),
					":gone", AttributeValue.fromSs(List.of("a")))
				.entrySet().stream().filter(e -> !e.getKey().equals(":gone"))
				.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
		assertThatThrownBy(() -> dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1")))
			.updateExpression("ADD Tags :d DELETE Tags :gone")
			.expressionAttributeValues(Map.of(":d", AttributeValue.fromSs(List.of("e")), ":gone", AttributeValue.fromSs(List.of("a"))))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("Two document paths");
		dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1")))
			.updateExpression("DELETE Tags :gone")
			.expressionAttributeValues(Map.of(":gone", AttributeValue.fromSs(List.of("a")))));
		Map<String, AttributeValue> item = get("T1");
		assertThat(item.get("Version")).isEqualTo(n("2"));
		assertThat(item.get("Created")).isEqualTo(s("2024-03-25"));
		assertThat(item.get("Notes").l()).containsExactly(s("n1"), s("n2"));
		assertThat(item).doesNotContainKey("Stale");
		assertThat(item.get("Hits")).isEqualTo(n("5"));
		assertThat(item.get("Tags").ss()).containsExactlyInAnyOrder("b", "c", "d");
	}

	@Test
	void updateOfNestedPathsAndListIndexes() {
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T1"), "Meta",
				AttributeValue.fromM(Map.of("owner", s("ann"), "steps", AttributeValue.fromL(List.of(s("a"), s("b"), s("c"))))))));
		dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1")))
			.updateExpression("SET Meta.#o = :bob, Meta.steps[0] = :z REMOVE Meta.steps[1]")
			.expressionAttributeNames(Map.of("#o", "owner"))
			.expressionAttributeValues(Map.of(":bob", s("bob"), ":z", s("z"))));
		var meta = get("T1").get("Meta").m();
		assertThat(meta.get("owner")).isEqualTo(s("bob"));
		assertThat(meta.get("steps").l()).containsExactly(s("z"), s("c"));
	}

	@Test
	void updateCreatesMissingItemAndRefusesKeyChanges() {
		var created = dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T7")))
			.updateExpression("SET Task = :t")
			.expressionAttributeValues(Map.of(":t", s("new")))
			.returnValues(ReturnValue.ALL_NEW));
		assertThat(created.attributes()).isEqualTo(item("TodoID", s("T7"), "Task", s("new")));
		assertThatThrownBy(() -> dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T7")))
			.updateExpression("SET TodoID = :t")
			.expressionAttributeValues(Map.of(":t", s("T8")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("part of the key");
	}

	@Test
	void updatedOldAndNewReturnOnlyTouchedAttributes() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		var response = dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1001")))
			.updateExpression("SET #s = :s")
			.expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s("completed")))
			.returnValues(ReturnValue.UPDATED_OLD));
		assertThat(response.attributes()).isEqualTo(Map.of("Status", s("In Progress")));
	}

	@Test
	void updateOnWrongTypeIsAValidationError() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		assertThatThrownBy(() -> dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1001")))
			.updateExpression("SET Task = Task + :one")
			.expressionAttributeValues(Map.of(":one", n("1")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("incorrect data type");
		assertThat(get("T1001")).isEqualTo(todo("T1001", "In Progress"));
	}

	@Test
	void deleteWithConditionAndReturnValues() {
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		assertThatThrownBy(() -> dynamo.deleteItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("T1001")))
			.conditionExpression("#s = :s")
			.expressionAttributeNames(Map.of("#s", "Status"))
			.expressionAttributeValues(Map.of(":s", s("completed")))))
			.isInstanceOf(ConditionalCheckFailedException.class);
		var deleted = dynamo.deleteItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001"))).returnValues(ReturnValue.ALL_OLD));
		assertThat(deleted.attributes()).isEqualTo(todo("T1001", "In Progress"));
		assertThat(get("T1001")).isEmpty();
	}

	@Test
	void legacyExpectedAndAttributeUpdatesAsKclWritesLeases() {
		dynamo.putItem(r -> r.tableName("Todos")
			.item(item("TodoID", s("lease-1"), "leaseCounter", n("1"), "leaseOwner", s("a")))
			.expected(Map.of("TodoID", ExpectedAttributeValue.builder().exists(false).build())));
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos")
			.item(item("TodoID", s("lease-1")))
			.expected(Map.of("TodoID", ExpectedAttributeValue.builder().exists(false).build()))))
			.isInstanceOf(ConditionalCheckFailedException.class);
		var updated = dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("lease-1")))
			.expected(Map.of("leaseCounter", ExpectedAttributeValue.builder().value(n("1")).build()))
			.attributeUpdates(Map.of("leaseCounter", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("1")).build(),
					"ownerSwitchesSinceCheckpoint", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("1")).build(),
					"leaseOwner", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build(),
					"checkpoint", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(s("TRIM_HORIZON")).build()))
			.returnValues(ReturnValue.ALL_NEW));
		assertThat(updated.attributes()).containsEntry("leaseCounter", n("2"))
			.containsEntry("ownerSwitchesSinceCheckpoint", n("1"))
			.containsEntry("checkpoint", s("TRIM_HORIZON"))
			.doesNotContainKey("leaseOwner");
		assertThatThrownBy(() -> dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("lease-1")))
			.expected(Map.of("leaseCounter", ExpectedAttributeValue.builder().value(n("1")).build()))
			.attributeUpdates(Map.of("leaseCounter", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("1")).build()))
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
			.isInstanceOfSatisfying(ConditionalCheckFailedException.class,
					ex -> assertThat(ex.item()).containsEntry("leaseCounter", n("2")));
	}

	@Test
	void numbersKeep38DigitsAcceptENotationAndComeBackNormalised() {
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("N1"), "big", n("12345678901234567890123456789012345678"),
				"small", n("1.0E-4"), "padded", n("001.500"), "negZero", n("-0"))));
		Map<String, AttributeValue> item = get("N1");
		assertThat(item.get("big").n()).isEqualTo("12345678901234567890123456789012345678");
		assertThat(item.get("small").n()).isEqualTo("0.0001");
		assertThat(item.get("padded").n()).isEqualTo("1.5");
		assertThat(item.get("negZero").n()).isEqualTo("0");
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos")
			.item(item("TodoID", s("N2"), "tooBig", n("123456789012345678901234567890123456789")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("38 significant digits");
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("N2"), "bad", n("12abc")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("numeric value");
		assertThat(get("N2")).isEmpty();
	}

	@Test
	void setsBinaryBooleansNullsListsAndMapsRoundTrip() {
		Map<String, AttributeValue> all = item("TodoID", s("X1"), "ss", AttributeValue.fromSs(List.of("b", "a")), "ns",
				AttributeValue.fromNs(List.of("1", "2.5")), "bs",
				AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(Fixtures.bytes(1, 2)), SdkBytes.fromByteArray(Fixtures.bytes(255)))),
				"b", AttributeValue.fromB(SdkBytes.fromByteArray(Fixtures.bytes(0, 1, 2, 255))), "bool", AttributeValue.fromBool(true),
				"nul", AttributeValue.fromNul(true), "l", AttributeValue.fromL(List.of(s("x"), n("1"))), "m",
				AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("deep", s("y"))))), "empty", s(""));
		dynamo.putItem(r -> r.tableName("Todos").item(all));
		Map<String, AttributeValue> read = get("X1");
		assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
		assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
		assertThat(read.get("bs").bs()).hasSize(2);
		assertThat(read.get("b").b().asByteArray()).containsExactly(Fixtures.bytes(0, 1, 2, 255));
		assertThat(read.get("bool").bool()).isTrue();
		assertThat(read.get("nul").nul()).isTrue();
		assertThat(read.get("l")).isEqualTo(all.get("l"));
		assertThat(read.get("m")).isEqualTo(all.get("m"));
		assertThat(read.get("empty").s()).isEmpty();
	}

	@Test
	void duplicateSetMembersAndEmptySetsAreRefused() {
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos")
			.item(item("TodoID", s("S1"), "ss", AttributeValue.fromSs(List.of("a", "a"))))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("duplicates");
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos")
			.item(item("TodoID", s("S1"), "ns", AttributeValue.fromNs(List.of("1", "1.0"))))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("duplicates");
		assertThat(get("S1")).isEmpty();
	}

	@Test
	void keyTypeMismatchAndEmptyKeyAreRefused() {
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", n("1")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("Type mismatch for key TodoID");
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("empty string");
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos").item(item("Task", s("no key")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("Missing the key TodoID");
		assertThatThrownBy(() -> dynamo.getItem(r -> r.tableName("Todos").key(item("TodoID", s("a"), "extra", s("b")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("does not match the schema");
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("I1"), "Status", n("1")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("Status-DueDate-index");
	}

	@Test
	void itemsOver400KbAreRefusedAndNothingIsWritten() {
		String big = Fixtures.repeat('x', 400 * 1024);
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("BIG"), "Task", s(big)))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("Item size has exceeded the maximum allowed size");
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("BIG"), "Task", s(big.substring(0, 200 * 1024)))));
		assertThatThrownBy(() -> dynamo.updateItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("BIG")))
			.updateExpression("SET More = :m")
			.expressionAttributeValues(Map.of(":m", s(big.substring(0, 250 * 1024))))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining("maximum allowed size");
		assertThat(get("BIG")).doesNotContainKey("More");
	}

	@Test
	void projectionExpressionSelectsNestedAttributes() {
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("P1"), "Task", s("t"), "Meta",
				AttributeValue.fromM(Map.of("owner", s("ann"), "tags", AttributeValue.fromL(List.of(s("a"), s("b"))))))));
		var response = dynamo.getItem(r -> r.tableName("Todos")
			.key(Map.of("TodoID", s("P1")))
			.projectionExpression("Task, Meta.#o, Meta.tags[1]")
			.expressionAttributeNames(Map.of("#o", "owner")));
		assertThat(response.item()).isEqualTo(item("Task", s("t"), "Meta",
				AttributeValue.fromM(Map.of("owner", s("ann"), "tags", AttributeValue.fromL(List.of(s("b")))))));
	}

	@Test
	void unusedExpressionValuesAreRefused() {
		assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Todos")
			.item(todo("T1", "completed"))
			.conditionExpression("attribute_not_exists(TodoID)")
			.expressionAttributeValues(Map.of(":unused", s("x")))))
			.isInstanceOf(DynamoDbException.class)
			.hasMessageContaining(":unused");
		assertThat(get("T1")).isEmpty();
	}

	@Test
	void asyncClientWorksToo(DynamoDbAsyncClient async) {
		async.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress"))).join();
		var item = async.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001")))).join().item();
		assertThat(item).isEqualTo(todo("T1001", "In Progress"));
		assertThatThrownBy(() -> async.putItem(r -> r.tableName("Todos")
			.item(todo("T1001", "completed"))
			.conditionExpression("attribute_not_exists(TodoID)")).join())
			.isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(ConditionalCheckFailedException.class);
	}

	@Test
	void enhancedClientWithOptimisticLocking() {
		DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
		DynamoDbTable<TodoBean> table = enhanced.table("Todos", TableSchema.fromBean(TodoBean.class));
		TodoBean bean = new TodoBean();
		bean.setTodoId("T1001");
		bean.setTask("Task 1");
		bean.setStatus("In Progress");
		table.putItem(bean);
		TodoBean read = table.getItem(Key.builder().partitionValue("T1001").build());
		assertThat(read.getVersion()).isEqualTo(1L);
		read.setStatus("completed");
		table.updateItem(read);
		TodoBean stale = new TodoBean();
		stale.setTodoId("T1001");
		stale.setTask("Task 1");
		stale.setStatus("Not Started");
		stale.setVersion(1L);
		assertThatThrownBy(() -> table.updateItem(stale)).isInstanceOf(ConditionalCheckFailedException.class);
		assertThat(table.getItem(Key.builder().partitionValue("T1001").build()).getStatus()).isEqualTo("completed");
	}

	/** A bean for the enhanced client. */
	@DynamoDbBean
	public static class TodoBean {

		private String todoId;

		private String task;

		private String status;

		private Long version;

		@DynamoDbPartitionKey
		@software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute("TodoID")
		public String getTodoId() {
			return todoId;
		}

		public void setTodoId(String todoId) {
			this.todoId = todoId;
		}

		@software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute("Task")
		public String getTask() {
			return task;
		}

		public void setTask(String task) {
			this.task = task;
		}

		@software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute("Status")
		public String getStatus() {
			return status;
		}

		public void setStatus(String status) {
			this.status = status;
		}

		@DynamoDbVersionAttribute
		@software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute("Version")
		public Long getVersion() {
			return version;
		}

		public void setVersion(Long version) {
			this.version = version;
		}
	}
}
