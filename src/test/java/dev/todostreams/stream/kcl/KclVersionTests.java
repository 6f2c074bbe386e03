package dev.todostreams.stream.kcl;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Properties;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsConsumerTaskFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsDataFetcher;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsLeaseManagementFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsSleepTimeController;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.DataFetcherProviderConfig;
import software.amazon.kinesis.retrieval.KinesisDataFetcherProviderConfig;
import software.amazon.kinesis.metrics.NullMetricsFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The embedded mode's KCL start-up shortcut ({@code FastStartScheduler}, {@link SchedulerFactory}) depends on the
 * inside of two libraries. These tests fail when either changes, and say what to check again.
 */
class KclVersionTests {

	private static final String RECHECK = """
			KCL or the DynamoDB Streams Kinesis Adapter changed version. Before updating the expected version here, \
			re-check: (1) software.amazon.kinesis.coordinator.FastStartScheduler still overrides the package-private \
			Scheduler.shouldInitiateLeaseSync() (KCL's random 1-30 s wait on an empty lease table), or drop it if KCL \
			made the wait configurable; (2) SchedulerFactory.prepareForDynamoDbStreams still does everything the \
			adapter's StreamsSchedulerFactory.createScheduler does to the configs before it builds KCL's Scheduler \
			(data fetcher, sleep time controller, lease management factory, consumer task factory, shard sync at \
			start, lease recovery auditor); (3) StreamConsumer's comment on shardSyncIntervalMillis.""";

	@Test
	void kclIsTheVersionTheStartUpShortcutWasWrittenFor() throws IOException {
		assertThat(version("software.amazon.kinesis", "amazon-kinesis-client")).as(RECHECK).isEqualTo("3.3.0");
	}

	@Test
	void theAdapterIsTheVersionTheStartUpShortcutWasWrittenFor() throws IOException {
		assertThat(version("com.amazonaws", "dynamodb-streams-kinesis-adapter")).as(RECHECK).isEqualTo("2.0.1");
	}

	@Test
	void kclStillHasTheHookTheShortcutOverrides() throws NoSuchMethodException {
		Method hook = Scheduler.class.getDeclaredMethod("shouldInitiateLeaseSync");
		assertThat(hook.getReturnType()).as(RECHECK).isEqualTo(boolean.class);
		assertThat(Modifier.isPrivate(hook.getModifiers()) || Modifier.isFinal(hook.getModifiers())).as(RECHECK)
			.isFalse();
	}

	@Test
	void thePreparationSetsUpEveryPartTheAdapterSetsUp() {
		DynamoDbStreamsClient streams = mock(DynamoDbStreamsClient.class);
		AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(streams, Region.US_EAST_1);
		InitialPositionInStreamExtended position = InitialPositionInStreamExtended
			.newInitialPosition(InitialPositionInStream.TRIM_HORIZON);
		StreamTracker tracker = StreamsSchedulerFactory.createSingleStreamTracker(
				"arn:aws:dynamodb:us-east-1:000000000000:table/Todos/stream/2026-12-05T00:00:00.000", position);
		StreamIdentifier stream = tracker.streamConfigList().get(0).streamIdentifier();
		ConfigsBuilder builder = new ConfigsBuilder(tracker, "app", adapter,
				mock(DynamoDbAsyncClient.class), mock(CloudWatchAsyncClient.class), "worker", () -> null);
		DynamoDBStreamsPollingConfig polling = new DynamoDBStreamsPollingConfig(adapter);
		SchedulerFactory.Configs configs = new SchedulerFactory.Configs(builder.checkpointConfig(),
				builder.coordinatorConfig().skipShardSyncAtWorkerInitializationIfLeasesExist(false),
				builder.leaseManagementConfig().leasesRecoveryAuditorInconsistencyConfidenceThreshold(3),
				builder.lifecycleConfig(), builder.metricsConfig().metricsFactory(new NullMetricsFactory()),
				builder.processorConfig(), builder.retrievalConfig().retrievalSpecificConfig(polling));

		SchedulerFactory.prepareForDynamoDbStreams(configs, adapter);

		assertThat(configs.leases().leaseManagementFactory()).isInstanceOf(DynamoDBStreamsLeaseManagementFactory.class);
		assertThat(configs.leases().consumerTaskFactory()).isInstanceOf(DynamoDBStreamsConsumerTaskFactory.class);
		assertThat(configs.leases().leasesRecoveryAuditorInconsistencyConfidenceThreshold()).isZero();
		assertThat(configs.coordinator().skipShardSyncAtWorkerInitializationIfLeasesExist()).isTrue();
		assertThat(polling.sleepTimeController()).isInstanceOf(DynamoDBStreamsSleepTimeController.class);
		DataFetcherProviderConfig fetcherConfig = new KinesisDataFetcherProviderConfig(
				stream, "shardId-00000001", new NullMetricsFactory(), 100,
				java.time.Duration.ofSeconds(30));
		assertThat(polling.dataFetcherProvider().apply(fetcherConfig)).isInstanceOf(DynamoDBStreamsDataFetcher.class);
		assertThat(configs.retrieval().retrievalSpecificConfig()).isSameAs(polling);
	}

	private static String version(String group, String artifact) throws IOException {
		String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
		try (InputStream in = KclVersionTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource + " on the class path").isNotNull();
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
	}

}
