package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.attr;
import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.hash;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Validation as DynamoDB does it: the request before its table, stream ARNs, UpdateTable, tags and TTL (API
 * Reference of each operation; Developer Guide "Tagging restrictions in DynamoDB"), through the real AWS SDK v2.
 */
class ValidationContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	private static void assertError(Runnable call, String type, String messagePart) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, ex -> {
			assertThat(ex.statusCode()).isEqualTo(400);
			assertThat(ex.awsErrorDetails().errorCode()).isEqualTo(type);
			assertThat(ex.awsErrorDetails().errorMessage()).contains(messagePart);
		});
	}

	private static void assertValidation(Runnable call, String messagePart) {
		assertError(call, "ValidationException", messagePart);
	}

	@Test
	void anInvalidRequestToAMissingTableIsAValidationException(DynamoDbClient dynamo) {
		assertValidation(() -> dynamo.putItem(r -> r.tableName("Missing").item(item("id", s("a")))
			.conditionExpression("attribute_exists(")), "Syntax error");
		assertValidation(() -> dynamo.getItem(r -> r.tableName("Missing").key(item("id", s("a"))).projectionExpression("a,,b")),
				"Syntax error");
		assertValidation(() -> dynamo.updateItem(r -> r.tableName("Missing").key(item("id", s("a"))).updateExpression("SET")),
				"Syntax error");
		assertValidation(() -> dynamo.deleteItem(r -> r.tableName("Missing").key(item("id", s("a")))
			.expressionAttributeValues(Map.of(":unused", s("x")))), "unused");
		assertValidation(() -> dynamo.query(r -> r.tableName("Missing").keyConditionExpression("id = ")), "Syntax error");
		assertValidation(() -> dynamo.scan(r -> r.tableName("Missing").filterExpression("a = :missing")), ":missing");
		// a valid request to a missing table is ResourceNotFound
		assertThatThrownBy(() -> dynamo.getItem(r -> r.tableName("Missing").key(item("id", s("a")))))
			.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void malformedStreamArnsAreValidationExceptions(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
		String malformed = "arn:aws:dynamodb:us-east-1:000000000000:table/Todos/nostream/x";
		assertValidation(() -> streams.describeStream(r -> r.streamArn(malformed)), "Invalid StreamArn");
		assertValidation(() -> streams.describeStream(r -> r.streamArn("short")), "greater than or equal to 37");
		assertValidation(() -> streams.getShardIterator(r -> r.streamArn(malformed).shardId("shardId-00000000000000000000-00000000")
			.shardIteratorType(ShardIteratorType.LATEST)), "Invalid StreamArn");
		assertValidation(() -> streams.listStreams(r -> r.exclusiveStartStreamArn(malformed)), "Invalid ExclusiveStartStreamArn");
		// well formed but unknown: not found
		assertThatThrownBy(() -> streams.describeStream(
				r -> r.streamArn("arn:aws:dynamodb:us-east-1:000000000000:table/None/stream/2024-01-01T00:00:00.000")))
			.isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
	}

	@Test
	void updateTableValidatesEachIndexUpdateAndAcceptsTheCurrentBillingModeAlone(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		var noop = dynamo.updateTable(r -> r.tableName("Todos").billingMode(BillingMode.PAY_PER_REQUEST));
		assertThat(noop.tableDescription().tableName()).isEqualTo("Todos");
		CreateGlobalSecondaryIndexAction byTask = CreateGlobalSecondaryIndexAction.builder().indexName("by-task")
			.keySchema(hash("Task")).projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build();
		assertValidation(() -> dynamo.updateTable(r -> r.tableName("Todos").attributeDefinitions(attr("Task", ScalarAttributeType.S))
			.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(byTask)
				.delete(d -> d.indexName("Status-DueDate-index")).build())), "Only one of Create, Update or Delete");
		assertValidation(() -> dynamo.updateTable(r -> r.tableName("Todos")
			.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(byTask).build())), "not defined in AttributeDefinitions");
		CreateGlobalSecondaryIndexAction byDue = byTask.toBuilder().indexName("by-due").keySchema(hash("DueDate")).build();
		assertError(() -> dynamo.updateTable(r -> r.tableName("Todos")
			.attributeDefinitions(attr("Task", ScalarAttributeType.S), attr("DueDate", ScalarAttributeType.S))
			.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(byTask).build(),
					GlobalSecondaryIndexUpdate.builder().create(byDue).build())), "LimitExceededException", "Only 1 online index");
		// nothing of the refused updates was applied
		assertThat(dynamo.describeTable(r -> r.tableName("Todos")).table().globalSecondaryIndexes()).hasSize(1);
	}

	@Test
	void tagsAreValidatedAsDynamoDbDoes(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		String arn = dynamo.describeTable(r -> r.tableName("Todos")).table().tableArn();
		assertValidation(() -> dynamo.tagResource(r -> r.resourceArn("Todos").tags(Tag.builder().key("team").value("a").build())),
				"Invalid TableArn");
		assertValidation(() -> dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("aws:owner").value("a").build())),
				"aws:");
		assertValidation(() -> dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("k".repeat(129)).value("a").build())),
				"less than or equal to 128");
		assertValidation(() -> dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("bad*key").value("a").build())),
				"regular expression");
		List<Tag> many = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			many.add(Tag.builder().key("k" + i).value("v").build());
		}
		assertError(() -> dynamo.tagResource(r -> r.resourceArn(arn).tags(many)), "LimitExceededException", "50");
		dynamo.tagResource(r -> r.resourceArn(arn).tags(many.subList(0, 50)));
		assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags()).hasSize(50);
		assertThatThrownBy(() -> dynamo.listTagsOfResource(r -> r.resourceArn("arn:aws:dynamodb:us-east-1:000000000000:table/Gone")))
			.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void timeToLiveIsValidatedAsDynamoDbDoes(DynamoDbClient dynamo) {
		createTodos(dynamo, "Todos");
		assertValidation(() -> dynamo.updateTimeToLive(r -> r.tableName("Todos").timeToLiveSpecification(t -> t.attributeName("ttl"))),
				"timeToLiveSpecification.enabled");
		assertValidation(() -> dynamo.updateTimeToLive(r -> r.tableName("Todos")
			.timeToLiveSpecification(t -> t.attributeName("t".repeat(256)).enabled(true))), "less than or equal to 255");
		dynamo.updateTimeToLive(r -> r.tableName("Todos").timeToLiveSpecification(t -> t.attributeName("ttl").enabled(true)));
		assertValidation(() -> dynamo.updateTimeToLive(r -> r.tableName("Todos")
			.timeToLiveSpecification(t -> t.attributeName("ttl").enabled(true))), "TimeToLive is already enabled");
	}
}
