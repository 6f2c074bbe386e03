package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createTodos;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.n;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Many clients at once: every write is atomic with its stream record, and records follow commit order. */
class ConcurrencyTests {

	@RegisterExtension
	EmulatorExtension emulator = new EmulatorExtension();

	private static final int THREADS = 8;

	private static final int WRITES_PER_THREAD = 50;

	@Test
	void concurrentIncrementsAreNeitherLostNorReordered(DynamoDbClient dynamo, DynamoDbStreamsClient streams) throws Exception {
		createTodos(dynamo, "Todos");
		dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("counter"), "Version", n("0"))));
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			futures.add(pool.submit(() -> {
				for (int i = 0; i < WRITES_PER_THREAD; i++) {
					dynamo.updateItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("counter")))
						.updateExpression("ADD Version :one").expressionAttributeValues(Map.of(":one", n("1"))));
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(2, TimeUnit.MINUTES);
		}
		pool.shutdown();
		int total = THREADS * WRITES_PER_THREAD;
		assertThat(dynamo.getItem(r -> r.tableName("Todos").key(Map.of("TodoID", s("counter")))).item().get("Version"))
			.isEqualTo(n(Integer.toString(total)));

		List<Record> records = Fixtures.streamRecords(streams, dynamo.describeTable(r -> r.tableName("Todos")).table().latestStreamArn());
		assertThat(records).hasSize(total + 1);
		BigInteger previousSequence = BigInteger.ZERO;
		int previousVersion = -1;
		for (Record record : records) {
			BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
			int version = Integer.parseInt(record.dynamodb().newImage().get("Version").n());
			assertThat(sequence).isGreaterThan(previousSequence);
			assertThat(version).isEqualTo(previousVersion + 1);
			if (record.dynamodb().hasOldImage()) {
				assertThat(Integer.parseInt(record.dynamodb().oldImage().get("Version").n())).isEqualTo(previousVersion);
			}
			previousSequence = sequence;
			previousVersion = version;
		}
	}

	@Test
	void conditionalCreatesLetExactlyOneClientWin(DynamoDbClient dynamo) throws Exception {
		createTodos(dynamo, "Todos");
		AtomicInteger wins = new AtomicInteger();
		AtomicInteger refusals = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			String owner = "client-" + t;
			futures.add(pool.submit(() -> {
				try {
					dynamo.putItem(r -> r.tableName("Todos").item(item("TodoID", s("T1001"), "Task", s(owner)))
						.conditionExpression("attribute_not_exists(TodoID)"));
					wins.incrementAndGet();
				}
				catch (ConditionalCheckFailedException ex) {
					refusals.incrementAndGet();
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(1, TimeUnit.MINUTES);
		}
		pool.shutdown();
		assertThat(wins).hasValue(1);
		assertThat(refusals).hasValue(THREADS - 1);
	}
}
