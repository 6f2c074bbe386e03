package software.amazon.kinesis.coordinator;

import software.amazon.kinesis.checkpoint.CheckpointConfig;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.LifecycleConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * A KCL 3.3 scheduler that syncs shards into an empty lease table at once instead of first waiting a random
 * 1-30 s for another worker to do it. That wait is not configurable in KCL, so this subclass lives in KCL's package
 * to override the package-private hook. Use it only where one worker starts alone (embedded emulator, tests); with
 * many workers starting together the wait avoids duplicate shard syncs.
 */
public class FastStartScheduler extends Scheduler {

	public FastStartScheduler(CheckpointConfig checkpointConfig, CoordinatorConfig coordinatorConfig,
			LeaseManagementConfig leaseManagementConfig, LifecycleConfig lifecycleConfig, MetricsConfig metricsConfig,
			ProcessorConfig processorConfig, RetrievalConfig retrievalConfig) {
		super(checkpointConfig, coordinatorConfig, leaseManagementConfig, lifecycleConfig, metricsConfig,
				processorConfig, retrievalConfig);
	}

	@Override
	boolean shouldInitiateLeaseSync() {
		return true;
	}

}
