package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.s;
import static dev.todostreams.emulator.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** With a data directory, tables, items, indexes and streams survive a restart. */
class PersistenceTests {

	@TempDir
	Path data;

	private static DynamoDbStreamsClient streams(DynamoDbEmulator emulator) {
		return DynamoDbStreamsClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(software.amazon.awssdk.regions.Region.US_EAST_1)
			.credentialsProvider(EmulatorExtension.credentials())
			.build();
	}

	@Test
	void tablesItemsIndexesAndStreamsSurviveARestart() {
		EmulatorOptions options = EmulatorOptions.defaults().withDataDirectory(data).withShardRolloverRecords(2);
		String arn;
		String lastSequence;
		try (DynamoDbEmulator first = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(first.endpoint());
				DynamoDbStreamsClient streams = streams(first)) {
			createTodos(dynamo, "Todos");
			dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
			dynamo.putItem(r -> r.tableName("Todos").item(todo("T1002", "Not Started")));
			dynamo.putItem(r -> r.tableName("Todos").item(todo("T1003", "Not Started")));
			dynamo.deleteItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1003"))));
			dynamo.transactWriteItems(r -> r.transactItems(
					t -> t.put(p -> p.tableName("Todos").item(todo("T2001", "Not Started"))),
					t -> t.put(p -> p.tableName("Todos").item(todo("T2002", "Not Started")))));
			dynamo.updateTimeToLive(r -> r.tableName("Todos").timeToLiveSpecification(t -> t.attributeName("ExpiresAt").enabled(true)));
			arn = dynamo.describeTable(r -> r.tableName("Todos")).table().latestStreamArn();
			List<Record> before = Fixtures.streamRecords(streams, arn);
			assertThat(before).hasSize(6);
			lastSequence = before.get(5).dynamodb().sequenceNumber();
		}
		try (DynamoDbEmulator second = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(second.endpoint());
				DynamoDbStreamsClient streams = streams(second)) {
			assertThat(dynamo.listTables().tableNames()).containsExactly("Todos");
			assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1001")))).item())
				.isEqualTo(todo("T1001", "In Progress"));
			assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("T1003")))).hasItem()).isFalse();
			assertThat(dynamo.query(r -> r.tableName("Todos").indexName("Status-DueDate-index").keyConditionExpression("#s = :s")
				.expressionAttributeNames(Map.of("#s", "Status")).expressionAttributeValues(Map.of(":s", s("Not Started"))))
				.count()).isEqualTo(3);
			assertThat(dynamo.describeTimeToLive(r -> r.tableName("Todos")).timeToLiveDescription().attributeName())
				.isEqualTo("ExpiresAt");
			assertThat(dynamo.describeTable(r -> r.tableName("Todos")).table().latestStreamArn()).isEqualTo(arn);
			assertThat(Fixtures.streamRecords(streams, arn)).hasSize(6);
			dynamo.putItem(r -> r.tableName("Todos").item(todo("T1004", "completed")));
			List<Record> after = Fixtures.streamRecords(streams, arn);
			assertThat(after).hasSize(7);
			assertThat(new BigInteger(after.get(6).dynamodb().sequenceNumber())).isGreaterThan(new BigInteger(lastSequence));
		}
	}

	@Test
	void aTornLastLineFromACrashIsIgnored() throws Exception {
		EmulatorOptions options = EmulatorOptions.defaults().withDataDirectory(data);
		try (DynamoDbEmulator first = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(first.endpoint())) {
			createTodos(dynamo, "Todos");
			dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
		}
		java.nio.file.Files.writeString(data.resolve("journal.jsonl"),
				"{\"k\":\"batch\",\"e\":[{\"k\":\"put\",\"t\":\"Todos\",\"i\":{\"TodoID\":{\"S\":\"T9",
				java.nio.file.StandardOpenOption.APPEND);
		try (DynamoDbEmulator second = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(second.endpoint())) {
			assertThat(dynamo.scan(r -> r.tableName("Todos")).items()).containsExactly(todo("T1001", "In Progress"));
		}
	}

	@Test
	void aTableThatWasDeletingIsNotRestoredAfterACrashOrAStop(@TempDir Path crashCopy) throws Exception {
		// a delay far longer than the test: the table is still DELETING when the emulator stops
		EmulatorOptions options = EmulatorOptions.defaults().withDataDirectory(data).withTableStatusDelay(java.time.Duration.ofHours(1));
		String arn;
		try (DynamoDbEmulator first = DynamoDbEmulator.start(options.withTableStatusDelay(java.time.Duration.ZERO));
				DynamoDbClient dynamo = EmulatorExtension.syncClient(first.endpoint())) {
			createTodos(dynamo, "Todos");
			createTodos(dynamo, "Kept");
			dynamo.putItem(r -> r.tableName("Todos").item(todo("T1001", "In Progress")));
			arn = dynamo.describeTable(r -> r.tableName("Todos")).table().latestStreamArn();
		}
		try (DynamoDbEmulator second = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(second.endpoint())) {
			dynamo.deleteTable(r -> r.tableName("Todos"));
			assertThat(dynamo.describeTable(r -> r.tableName("Todos")).table().tableStatusAsString()).isEqualTo("DELETING");
			// what kill -9 leaves behind: the journal as appended so far, never compacted
			java.nio.file.Files.copy(data.resolve(Journal.FILE), crashCopy.resolve(Journal.FILE));
		}
		for (Path directory : List.of(crashCopy, data)) {
			try (DynamoDbEmulator restarted = DynamoDbEmulator.start(options.withDataDirectory(directory));
					DynamoDbClient dynamo = EmulatorExtension.syncClient(restarted.endpoint());
					DynamoDbStreamsClient streams = streams(restarted)) {
				assertThat(dynamo.listTables().tableNames()).as(directory.toString()).containsExactly("Kept");
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> dynamo.describeTable(r -> r.tableName("Todos")))
					.isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
				// its stream stays readable, DISABLED
				assertThat(streams.describeStream(r -> r.streamArn(arn)).streamDescription().streamStatusAsString()).isEqualTo("DISABLED");
				assertThat(Fixtures.streamRecords(streams, arn)).hasSize(1);
			}
		}
	}
}
