package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.s;
import static dev.todostreams.emulator.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.todostreams.emulator.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Raw HTTP requests a broken client could send: each gets the AWS error type with a message naming the
 * problem, never a 500, and leaves the stored data untouched.
 */
class BadInputContractTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	final HttpClient http = HttpClient.newHttpClient();

	DynamoDbClient dynamo;

	@BeforeEach
	void seed() {
		dynamo = emulator.dynamoDb();
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
	}

	private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(emulator.endpoint())
			.header("Content-Type", "application/x-amz-json-1.0")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (target != null) {
			request.header("X-Amz-Target", target);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(HttpResponse<String> response) {
		return (Map<String, Object>) Json.parse(response.body());
	}

	private void assertUntouched() {
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001")))).item())
			.isEqualTo(todo("T1001", "In Progress"));
		assertThat(dynamo.scan(r -> r.tableName("Todos")).count()).isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"malformed JSON|DynamoDB_20120810.PutItem|{\"TableName\": \"Todos\", |SerializationException|malformed",
			"body not an object|DynamoDB_20120810.PutItem|[1,2]|SerializationException|object",
			"unknown operation|DynamoDB_20120810.DropEverything|{}|UnknownOperationException|DropEverything",
			"unknown service|Kinesis_20131202.PutRecord|{}|UnknownOperationException|Kinesis",
			"item of wrong type|DynamoDB_20120810.PutItem|{\"TableName\":\"Todos\",\"Item\":\"T1\"}|SerializationException|Item",
			"attribute with two types|DynamoDB_20120810.PutItem|{\"TableName\":\"Todos\",\"Item\":{\"TodoID\":{\"S\":\"T1001\",\"N\":\"1\"}}}|ValidationException|exactly one",
			"unknown attribute type|DynamoDB_20120810.PutItem|{\"TableName\":\"Todos\",\"Item\":{\"TodoID\":{\"X\":\"T1001\"}}}|SerializationException|X",
			"number that is not a number|DynamoDB_20120810.PutItem|{\"TableName\":\"Todos\",\"Item\":{\"TodoID\":{\"S\":\"T1001\"},\"v\":{\"N\":\"one\"}}}|ValidationException|numeric",
			"missing table name|DynamoDB_20120810.GetItem|{\"Key\":{\"TodoID\":{\"S\":\"T1001\"}}}|ValidationException|tableName",
			"invalid table name|DynamoDB_20120810.GetItem|{\"TableName\":\"a!\",\"Key\":{\"TodoID\":{\"S\":\"T1001\"}}}|ValidationException|regular expression",
			"invalid condition expression|DynamoDB_20120810.PutItem|{\"TableName\":\"Todos\",\"Item\":{\"TodoID\":{\"S\":\"T1001\"}},\"ConditionExpression\":\"TodoID ===\"}|ValidationException|ConditionExpression",
			"invalid update expression|DynamoDB_20120810.UpdateItem|{\"TableName\":\"Todos\",\"Key\":{\"TodoID\":{\"S\":\"T1001\"}},\"UpdateExpression\":\"SET = 1\"}|ValidationException|UpdateExpression",
			"undefined value placeholder|DynamoDB_20120810.UpdateItem|{\"TableName\":\"Todos\",\"Key\":{\"TodoID\":{\"S\":\"T1001\"}},\"UpdateExpression\":\"SET Task = :t\"}|ValidationException|:t",
			"legacy and expression mixed|DynamoDB_20120810.PutItem|{\"TableName\":\"Todos\",\"Item\":{\"TodoID\":{\"S\":\"T1001\"}},\"ConditionExpression\":\"attribute_exists(TodoID)\",\"Expected\":{\"TodoID\":{\"Exists\":false}}}|ValidationException|non-expression",
			"bad ReturnValues|DynamoDB_20120810.PutItem|{\"TableName\":\"Todos\",\"Item\":{\"TodoID\":{\"S\":\"T1001\"}},\"ReturnValues\":\"ALL_NEW\"}|ValidationException|ReturnValues",
			"unknown stream operation|DynamoDBStreams_20120810.DeleteStream|{}|UnknownOperationException|DeleteStream",
			"malformed shard iterator|DynamoDBStreams_20120810.GetRecords|{\"ShardIterator\":\"garbage\"}|ValidationException|terator" })
	void badRequestsGetTheRightErrorAndChangeNothing(String what, String target, String body, String type, String mention)
			throws Exception {
		HttpResponse<String> response = post(target, body);
		assertThat(response.statusCode()).as(what).isEqualTo(400);
		Map<String, Object> error = json(response);
		assertThat((String) error.get("__type")).as(what).endsWith("#" + type);
		assertThat((String) error.get("message")).as(what).containsIgnoringCase(mention);
		assertUntouched();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"validation|DynamoDB_20120810.GetItem|{\"TableName\":\"a!\"}|com.amazon.coral.validate#ValidationException",
			"serialization|DynamoDB_20120810.GetItem|{\"TableName\":5}|com.amazon.coral.service#SerializationException",
			"malformed JSON|DynamoDB_20120810.GetItem|{|com.amazon.coral.service#SerializationException",
			"unknown operation|DynamoDB_20120810.Nope|{}|com.amazon.coral.service#UnknownOperationException",
			"missing table|DynamoDB_20120810.DescribeTable|{\"TableName\":\"Nope\"}|com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" })
	void errorTypesAreNamedAsDynamoDbNamesThem(String what, String target, String body, String type) throws Exception {
		// DynamoDB's validation and protocol errors come from its request framework (coral), the others from the service
		assertThat(json(post(target, body)).get("__type")).as(what).isEqualTo(type);
	}

	@Test
	void missingTargetHeaderIsAClientError() throws Exception {
		HttpResponse<String> response = post(null, "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat((String) json(response).get("__type")).endsWith("#UnknownOperationException");
	}

	@Test
	void oversizedItemIsRefusedAndNothingChanges() throws Exception {
		String big = Fixtures.repeat('x', 410 * 1024);
		HttpResponse<String> response = post("DynamoDB_20120810.PutItem",
				"{\"TableName\":\"Todos\",\"Item\":{\"TodoID\":{\"S\":\"T1001\"},\"Task\":{\"S\":\"" + big + "\"}}}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat((String) json(response).get("message")).contains("maximum allowed size");
		assertUntouched();
	}

	@Test
	void healthLineAnswersGet() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("healthy");
	}
}
