package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.attr;
import static dev.todostreams.emulator.Fixtures.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import dev.todostreams.testsupport.RunsBeside;

/**
 * The real KCL 3.3 with the real DynamoDB Streams Kinesis Adapter 2.0.1 against the emulator: 1,000 writes
 * over 50 keys, a shard rollover every 100 records, every record delivered exactly once, in per-key order,
 * parents finished before children, with tables and KCL's lease tables and index going through CREATING and
 * UPDATING first.
 * <p>
 * Most of its time is KCL's own polling of table and index status (every 10 to 30 s) and its wait on an empty lease
 * table, on an emulator of its own and without Spring: it runs beside the other integration tests (the failsafe
 * configuration in the pom).
 */
@RunsBeside
class KclEndToEndIntegrationTests {

	private static final int WRITES = 1000;

	private static final int KEYS = 50;

	/**
	 * Realistic lifecycle delays: tables (ours and KCL's lease tables) are CREATING for a second, KCL's lease owner
	 * GSI backfills for a second, and GSI reads lag; KCL waits on AWS too and must work the same here.
	 */
	@RegisterExtension
	EmulatorExtension emulator = EmulatorExtension.withOptions(o -> o.withShardRolloverRecords(100)
		.withTableStatusDelay(Duration.ofSeconds(1))
		.withIndexLag(Duration.ofMillis(300)));

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Scheduler scheduler;

	/** One delivered record: which shard, which key, which write. */
	record Delivery(String shardId, String eventId, String key, int seq, long atNanos) {
	}

	final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	final Map<String, Long> shardEndedAt = new ConcurrentHashMap<>();

	final Map<String, Long> shardFirstRecordAt = new ConcurrentHashMap<>();

	final AtomicLong firstRecordAt = new AtomicLong();

	@AfterEach
	void stop() throws Exception {
		if (scheduler != null) {
			try {
				scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				// what StreamConsumer.stop() does too; the test's assertions are done by now
				System.out.println("KCL graceful shutdown took over 60 s; shutting down hard");
				scheduler.shutdown();
			}
		}
		for (AutoCloseable resource : resources) {
			resource.close();
		}
	}

	@Test
	void deliversEveryChangeExactlyOnceInKeyOrderAcrossShardLineage() {
		DynamoDbClient dynamo = emulator.dynamoDb();
		dynamo.createTable(r -> r.tableName("Items")
			.keySchema(hash("pk"))
			.attributeDefinitions(attr("pk", ScalarAttributeType.S))
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> dynamo.describeTable(r -> r.tableName("Items")).table().tableStatus() == TableStatus.ACTIVE);
		String streamArn = dynamo.describeTable(r -> r.tableName("Items")).table().latestStreamArn();
		for (int i = 0; i < WRITES / 2; i++) {
			write(dynamo, i);
		}

		long started = System.nanoTime();
		scheduler = scheduler(streamArn, "kcl-e2e-" + UUID.randomUUID());
		Thread worker = new Thread(scheduler, "kcl-scheduler");
		worker.setDaemon(true);
		worker.start();

		await().atMost(Duration.ofMinutes(2)).until(() -> firstRecordAt.get() != 0);
		System.out.printf("KCL start to first record: %d ms%n", TimeUnit.NANOSECONDS.toMillis(firstRecordAt.get() - started));
		for (int i = WRITES / 2; i < WRITES; i++) {
			write(dynamo, i);
		}
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> deliveries.size() >= WRITES);
		System.out.printf("KCL start to all %d records: %d ms%n", WRITES, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

		assertThat(deliveries).extracting(Delivery::eventId).doesNotHaveDuplicates();
		assertThat(deliveries).hasSize(WRITES);
		Set<Integer> seqs = new HashSet<>();
		deliveries.forEach(d -> seqs.add(d.seq()));
		assertThat(seqs).hasSize(WRITES);

		Map<String, Integer> lastSeqPerKey = new HashMap<>();
		List<Delivery> inOrder = new ArrayList<>(deliveries);
		inOrder.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
		for (Delivery d : inOrder) {
			Integer previous = lastSeqPerKey.put(d.key(), d.seq());
			if (previous != null) {
				assertThat(d.seq()).as("order of key %s", d.key()).isGreaterThan(previous);
			}
		}

		DynamoDbStreamsClient streams = emulator.streams();
		var shards = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards();
		assertThat(shards).hasSizeGreaterThanOrEqualTo(WRITES / 100);
		for (var shard : shards) {
			Long childStart = shardFirstRecordAt.get(shard.shardId());
			if (shard.parentShardId() != null && childStart != null) {
				assertThat(shardEndedAt).as("parent of %s finished", shard.shardId()).containsKey(shard.parentShardId());
				assertThat(shardEndedAt.get(shard.parentShardId())).isLessThanOrEqualTo(childStart);
			}
		}
	}

	private static void write(DynamoDbClient dynamo, int seq) {
		dynamo.putItem(r -> r.tableName("Items")
			.item(Map.of("pk", AttributeValue.fromS("k" + (seq % KEYS)), "seq", AttributeValue.fromN(Integer.toString(seq)))));
	}

	private Scheduler scheduler(String streamArn, String application) {
		DynamoDbStreamsClient streamsClient = track(DynamoDbStreamsClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(EmulatorExtension.credentials())
			.build());
		DynamoDbAsyncClient dynamoAsync = track(DynamoDbAsyncClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(EmulatorExtension.credentials())
			.build());
		CloudWatchAsyncClient cloudWatch = track(CloudWatchAsyncClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(EmulatorExtension.credentials())
			.build());
		AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(streamsClient, Region.US_EAST_1);
		ConfigsBuilder configs = new ConfigsBuilder(
				StreamsSchedulerFactory.createSingleStreamTracker(streamArn,
						InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
				application, adapter, dynamoAsync, cloudWatch, "worker-1", RecordingProcessor::new);
		configs.shardRecordProcessorFactory();
		CoordinatorConfig coordinator = configs.coordinatorConfig()
			.parentShardPollIntervalMillis(200)
			.shardConsumerDispatchPollIntervalMillis(100)
			.clientVersionConfig(CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_3X);
		LeaseManagementConfig leases = configs.leaseManagementConfig()
			.failoverTimeMillis(2000)
			.shardSyncIntervalMillis(1000)
			.leaseAssignmentIntervalMillis(500L);
		leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
		MetricsConfig metrics = configs.metricsConfig().metricsFactory(new NullMetricsFactory());
		RetrievalConfig retrieval = configs.retrievalConfig()
			.retrievalSpecificConfig(new DynamoDBStreamsPollingConfig(adapter).idleTimeBetweenReadsInMillis(100));
		return StreamsSchedulerFactory.createScheduler(configs.checkpointConfig(), coordinator, leases, configs.lifecycleConfig(),
				metrics, configs.processorConfig(), retrieval, adapter);
	}

	private <T extends AutoCloseable> T track(T resource) {
		resources.add(resource);
		return resource;
	}

	/** Records every delivery and checkpoints after each batch and at shard end. */
	final class RecordingProcessor implements DynamoDBStreamsShardRecordProcessor {

		private String shardId;

		@Override
		public void initialize(InitializationInput input) {
			shardId = input.shardId();
		}

		@Override
		public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
			for (DynamoDBStreamsClientRecord clientRecord : input.records()) {
				Record record = clientRecord.getRecord();
				long now = System.nanoTime();
				firstRecordAt.compareAndSet(0, now);
				shardFirstRecordAt.putIfAbsent(shardId, now);
				Map<String, AttributeValue> image = record.dynamodb().newImage();
				deliveries.add(new Delivery(shardId, record.eventID(), image.get("pk").s(),
						Integer.parseInt(image.get("seq").n()), now));
			}
			try {
				if (!input.records().isEmpty()) {
					input.checkpointer().checkpoint();
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("checkpoint failed", ex);
			}
		}

		@Override
		public void leaseLost(LeaseLostInput input) {
		}

		@Override
		public void shardEnded(ShardEndedInput input) {
			shardEndedAt.put(shardId, System.nanoTime());
			try {
				input.checkpointer().checkpoint();
			}
			catch (Exception ex) {
				throw new IllegalStateException("shard-end checkpoint failed", ex);
			}
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput input) {
			try {
				input.checkpointer().checkpoint();
			}
			catch (Exception ex) {
				// shutting down: the next owner resumes from the last checkpoint
			}
		}
	}
}
