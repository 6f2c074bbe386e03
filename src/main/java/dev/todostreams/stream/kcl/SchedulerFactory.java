package dev.todostreams.stream.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsConsumerTaskFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsDataFetcher;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsLeaseManagementFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsSleepTimeController;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import software.amazon.kinesis.checkpoint.CheckpointConfig;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.FastStartScheduler;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.LifecycleConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * Builds the one KCL {@link Scheduler} of a worker, in one of two ways:
 * <ul>
 * <li>the adapter's {@link StreamsSchedulerFactory}, which prepares KCL's configs for DynamoDB Streams and then
 * constructs KCL's own scheduler (every mode but the embedded one);</li>
 * <li>in the embedded mode, where one worker starts alone on an empty lease table, the same preparation done here and
 * a {@link FastStartScheduler}, which skips KCL's random 1-30 s wait for another worker to fill the lease table.</li>
 * </ul>
 * Before, the adapter's scheduler was built and then dropped for a second one, leaking the first one's executors
 * and lease coordinator. The preparation below follows adapter 2.0.1 ({@code StreamsSchedulerFactory.createScheduler});
 * {@code KclVersionTests} fails when KCL or the adapter changes version, to have it checked again.
 */
final class SchedulerFactory {

	private SchedulerFactory() {
	}

	/** The configs a scheduler is made of; the adapter's preparation changes them in place. */
	record Configs(CheckpointConfig checkpoint, CoordinatorConfig coordinator, LeaseManagementConfig leases,
			LifecycleConfig lifecycle, MetricsConfig metrics, ProcessorConfig processor, RetrievalConfig retrieval) {
	}

	static Scheduler build(Configs configs, AmazonDynamoDBStreamsAdapterClient adapter, boolean fastStart) {
		if (!fastStart) {
			return StreamsSchedulerFactory.createScheduler(configs.checkpoint(), configs.coordinator(),
					configs.leases(), configs.lifecycle(), configs.metrics(), configs.processor(), configs.retrieval(),
					adapter);
		}
		prepareForDynamoDbStreams(configs, adapter);
		return new FastStartScheduler(configs.checkpoint(), configs.coordinator(), configs.leases(),
				configs.lifecycle(), configs.metrics(), configs.processor(), configs.retrieval());
	}

	/**
	 * What the adapter sets up before KCL's scheduler can read a DynamoDB stream: records are fetched and paced by
	 * the adapter's data fetcher and sleep controller, shards are listed and leases managed through the adapter's
	 * lease management factory and consumer tasks, no shard sync at start when leases exist, and no lease recovery
	 * auditor (the adapter tracks no holes in a stream's shards).
	 */
	static void prepareForDynamoDbStreams(Configs configs, AmazonDynamoDBStreamsAdapterClient adapter) {
		if (!(configs.retrieval().retrievalSpecificConfig() instanceof DynamoDBStreamsPollingConfig polling)) {
			throw new IllegalArgumentException("the retrieval config must be a DynamoDBStreamsPollingConfig");
		}
		polling.dataFetcherProvider((fetcherConfig) -> new DynamoDBStreamsDataFetcher(adapter, fetcherConfig));
		polling.sleepTimeController(new DynamoDBStreamsSleepTimeController());
		configs.retrieval().retrievalSpecificConfig(polling);
		configs.coordinator().skipShardSyncAtWorkerInitializationIfLeasesExist(true);
		configs.leases()
			.leaseManagementFactory(
					new DynamoDBStreamsLeaseManagementFactory(adapter, configs.leases(), configs.retrieval()))
			.consumerTaskFactory(new DynamoDBStreamsConsumerTaskFactory())
			.leasesRecoveryAuditorInconsistencyConfidenceThreshold(0);
	}

}
