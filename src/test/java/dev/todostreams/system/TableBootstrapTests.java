package dev.todostreams.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.emulator.EmulatorExtension;
import dev.todostreams.emulator.EmulatorOptions;
import dev.todostreams.system.TableDefinition.Index;
import dev.todostreams.system.TableDefinition.Key;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The table bootstrap against an emulator whose tables stay CREATING for a while, as on AWS: it returns only once
 * every table is ACTIVE and calls nothing but DescribeTable on a table before that.
 */
class TableBootstrapTests {

	@RegisterExtension
	final EmulatorExtension emulator = EmulatorExtension.withOptions((o) -> o.withTableStatusDelay(Duration.ofMillis(500)));

	private final CallRecorder calls = new CallRecorder();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private static final TableDefinition TODOS = new TableDefinition("Todos", Key.string("TodoID"),
			List.of(new Index("Status-DueDate-index", Key.string("Status"), Key.string("DueDate"))),
			StreamViewType.NEW_AND_OLD_IMAGES, "ExpiresAt");

	private static final TableDefinition NOTES = new TableDefinition("Notes", Key.string("NoteID"), List.of(), null,
			null);

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	private DynamoDbClient recordingClient(DynamoDbEmulator target) {
		DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(target.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(EmulatorExtension.credentials())
			.overrideConfiguration((c) -> c.addExecutionInterceptor(this.calls))
			.build();
		this.closeables.add(client);
		return client;
	}

	@Test
	void createsTheTablesAndUsesEachOnlyOnceItIsActive() {
		DynamoDbClient client = recordingClient(this.emulator.emulator());
		new TableBootstrap(client, new TableNameResolver("p-")).createAllIfMissing(List.of(TODOS, NOTES));

		DynamoDbClient dynamo = this.emulator.dynamoDb();
		for (String table : List.of("p-Todos", "p-Notes")) {
			assertThat(dynamo.describeTable((r) -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
			List<String> seen = this.calls.of(table);
			assertThat(seen).startsWith("DescribeTable not found", "CreateTable CREATING");
			// after CreateTable only DescribeTable, until one answered ACTIVE
			int active = seen.indexOf("DescribeTable ACTIVE");
			assertThat(active).as("%s: %s", table, seen).isGreaterThan(1);
			assertThat(seen.subList(2, active)).as("%s: %s", table, seen)
				.allSatisfy((call) -> assertThat(call).isEqualTo("DescribeTable CREATING"));
		}
		assertThat(this.calls.of("p-Todos")).last().isEqualTo("UpdateTimeToLive");
		assertThat(this.calls.of("p-Notes")).last().isEqualTo("DescribeTable ACTIVE");
		// usable at once: item calls on a CREATING table answer ResourceNotFoundException
		dynamo.putItem((r) -> r.tableName("p-Todos").item(Map.of("TodoID", AttributeValue.fromS("T1"))));
		dynamo.putItem((r) -> r.tableName("p-Notes").item(Map.of("NoteID", AttributeValue.fromS("N1"))));
		assertThat(dynamo.describeTimeToLive((r) -> r.tableName("p-Todos")).timeToLiveDescription().timeToLiveStatus())
			.isEqualTo(TimeToLiveStatus.ENABLED);
	}

	@Test
	void waitsForATableAnotherInstanceIsStillCreating() {
		DynamoDbClient dynamo = this.emulator.dynamoDb();
		dynamo.createTable(TODOS.createTableRequest("Todos"));
		assertThat(dynamo.describeTable((r) -> r.tableName("Todos")).table().tableStatus()).isEqualTo(TableStatus.CREATING);

		new TableBootstrap(recordingClient(this.emulator.emulator()), new TableNameResolver("")).createIfMissing(TODOS);

		assertThat(dynamo.describeTable((r) -> r.tableName("Todos")).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
		List<String> seen = this.calls.of("Todos");
		assertThat(seen).doesNotContain("CreateTable CREATING").last().isEqualTo("DescribeTable ACTIVE");
		dynamo.putItem((r) -> r.tableName("Todos").item(Map.of("TodoID", AttributeValue.fromS("T1"))));
	}

	@Test
	void aTableThatStaysCreatingFailsTheWaitWithItsNameAndStatusAndIsNeverUsed() {
		DynamoDbEmulator slow = DynamoDbEmulator.start(EmulatorOptions.defaults().withTableStatusDelay(Duration.ofHours(1)));
		this.closeables.add(slow);
		DynamoDbClient client = recordingClient(slow);
		TableBootstrap bootstrap = new TableBootstrap(client, new TableNameResolver(""),
				new TableStatusWaiter(client, Duration.ofMillis(300)));

		assertThatThrownBy(() -> bootstrap.createIfMissing(TODOS))
			.isInstanceOf(TableStatusWaiter.TableNotActiveException.class)
			.hasMessageContaining("DynamoDB table 'Todos' is not ACTIVE after waiting PT0.3S (last status: CREATING)");
		// never used: its TTL was not set
		assertThat(this.calls.of("Todos")).isNotEmpty()
			.allSatisfy((call) -> assertThat(call).matches("(DescribeTable|CreateTable) .*"));
	}

	@Test
	void pollsFromATenthOfASecondDoublingToOneSecondForAtMostTheMaximumWait() {
		DynamoDbEmulator slow = DynamoDbEmulator.start(EmulatorOptions.defaults().withTableStatusDelay(Duration.ofHours(1)));
		this.closeables.add(slow);
		DynamoDbClient client = recordingClient(slow);
		client.createTable(NOTES.createTableRequest("Notes"));
		// a time source that moves only by the pauses taken
		List<Long> pauses = new ArrayList<>();
		long[] now = { 0 };
		TableStatusWaiter waiter = new TableStatusWaiter(client, Duration.ofSeconds(5), (millis) -> {
			pauses.add(millis);
			now[0] += millis * 1_000_000;
		}, () -> now[0]);

		assertThatThrownBy(() -> waiter.awaitActive("Notes")).isInstanceOf(TableStatusWaiter.TableNotActiveException.class);
		assertThat(pauses).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 500L);
		assertThat(this.calls.of("Notes")).filteredOn("DescribeTable CREATING"::equals).hasSize(pauses.size() + 1);
		assertThat(TableStatusWaiter.MAX_WAIT).isEqualTo(Duration.ofMinutes(10));
	}

	/** Each call the client made, per table, as "operation" or "DescribeTable/CreateTable status". */
	static final class CallRecorder implements ExecutionInterceptor {

		private final List<String[]> calls = Collections.synchronizedList(new ArrayList<>());

		List<String> of(String table) {
			synchronized (this.calls) {
				return this.calls.stream().filter((c) -> c[0].equals(table)).map((c) -> c[1]).toList();
			}
		}

		@Override
		public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
			String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
			String entry = operation;
			if (context.response() instanceof DescribeTableResponse described) {
				entry = operation + " " + described.table().tableStatusAsString();
			}
			else if (context.response() instanceof CreateTableResponse created) {
				entry = operation + " " + created.tableDescription().tableStatusAsString();
			}
			this.calls.add(new String[] { tableOf(context.request()), entry });
		}

		@Override
		public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
			if (context.exception() instanceof ResourceNotFoundException
					&& context.request() instanceof DescribeTableRequest described) {
				this.calls.add(new String[] { described.tableName(), "DescribeTable not found" });
			}
		}

		private static String tableOf(software.amazon.awssdk.core.SdkRequest request) {
			return request.getValueForField("TableName", String.class).orElse("");
		}

	}

}
