package dev.todostreams.stream.kcl;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import dev.todostreams.stream.ChangeProcessor;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.checkpoint.CheckpointConfig;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseCoordinator;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.LifecycleConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * One KCL worker over the table's stream through the DynamoDB Streams Kinesis Adapter. {@link #start()} returns at
 * once, or once the scheduler initialized if {@code timing.await-initialization} asks to wait; {@link #holdsLeases()}
 * tells when it has its share of the leases; {@link #stop()} finishes in-flight records,
 * checkpoints and releases the leases; {@link #kill()} stops abruptly, like a crashed instance.
 */
@Slf4j
public final class StreamConsumer {

	private static final Duration TABLE_WAIT = Duration.ofSeconds(60);

	private final StreamProperties properties;

	private final StreamProperties.EffectiveTiming timing;

	private final DynamoDbClient dynamo;

	private final DynamoDbAsyncClient dynamoAsync;

	private final DynamoDbStreamsClient streams;

	private final CloudWatchAsyncClient cloudWatch;

	private final Function<String, ChangeProcessor> processorForWorker;

	private final String workerId;

	private final ShardTracker shards = new ShardTracker();

	private final CountDownLatch initialized = new CountDownLatch(1);

	private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

	private volatile @Nullable Scheduler scheduler;

	private volatile @Nullable Thread thread;

	private volatile @Nullable Instant startedAt;

	private volatile boolean stopping;

	private volatile @Nullable RuntimeException failure;

	/** Guards publishing the scheduler against a concurrent stop or kill. */
	private final Object schedulerLock = new Object();

	private final DeliveryGate deliveries = new DeliveryGate();

	/** Reads the lease table every failover-time / 6 for {@link LeaseWatch}; runs while the scheduler does. */
	private final ScheduledExecutorService leaseWatchTimer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "stream-lease-watch");
		thread.setDaemon(true);
		return thread;
	});

	/** Latched once this worker took part in the lease assignment (see {@link #holdsLeases()}). */
	private volatile boolean leasesHeld;

	/**
	 * @param processorForWorker builds the change processor for this worker id (the id owns idempotency claims)
	 */
	public StreamConsumer(StreamProperties properties, StreamProperties.EffectiveTiming timing, DynamoDbClient dynamo,
			DynamoDbAsyncClient dynamoAsync, DynamoDbStreamsClient streams, CloudWatchAsyncClient cloudWatch,
			Function<String, ChangeProcessor> processorForWorker) {
		this.properties = properties;
		this.timing = timing;
		this.dynamo = dynamo;
		this.dynamoAsync = dynamoAsync;
		this.streams = streams;
		this.cloudWatch = cloudWatch;
		this.processorForWorker = processorForWorker;
		this.workerId = (properties.workerId() != null) ? properties.workerId() : defaultWorkerId();
	}

	/**
	 * Starts the worker on its own thread: finding the stream, building the scheduler and KCL's initialisation all
	 * happen there, so the caller (the application's start) only waits if {@code timing.await-initialization} asks.
	 */
	public synchronized void start() {
		if (!this.state.compareAndSet(State.NEW, State.STARTING)) {
			throw new IllegalStateException("a stream consumer starts once; it is " + this.state.get());
		}
		this.startedAt = Instant.now();
		Thread worker = new Thread(this::buildAndRun, "kcl-" + this.workerId);
		worker.setDaemon(true);
		this.thread = worker;
		worker.start();
		awaitInitialization();
	}

	/**
	 * Call before {@link #start()}: KCL initialises and takes its leases, but no shard starts until
	 * {@link #openDeliveries()}. Lets the application start KCL early and deliver only once it is started itself.
	 */
	public void holdDeliveries() {
		if (this.state.get() != State.NEW) {
			throw new IllegalStateException("deliveries can only be held before the start");
		}
		this.deliveries.close();
	}

	public void openDeliveries() {
		this.deliveries.open();
	}

	private void buildAndRun() {
		Scheduler built;
		try {
			String streamArn = streamArn();
			built = buildScheduler(streamArn);
			synchronized (this.schedulerLock) {
				// a stop or kill while the scheduler was being built wins: it never runs
				if (this.state.get() != State.STARTING) {
					return;
				}
				this.scheduler = built;
			}
			log.info("Stream consumer {} starting on {} (application {}, timings {})", this.workerId, streamArn,
					this.properties.applicationName(), this.timing);
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			this.state.set(State.STOPPED);
			this.initialized.countDown();
			if (!this.stopping) {
				log.error("Stream consumer {} failed to start", this.workerId, ex);
			}
			return;
		}
		built.run();
	}

	/** The table's latest stream; waits a little for a table that is being created at the same moment. */
	private String streamArn() {
		Instant deadline = Instant.now().plus(TABLE_WAIT);
		while (true) {
			try {
				String arn = this.dynamo.describeTable((r) -> r.tableName(this.properties.tableName()))
					.table()
					.latestStreamArn();
				if (arn == null) {
					throw new IllegalStateException("table " + this.properties.tableName()
							+ " has no stream; enable it with view type NEW_AND_OLD_IMAGES");
				}
				return arn;
			}
			catch (ResourceNotFoundException ex) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("table " + this.properties.tableName() + " does not exist", ex);
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for " + this.properties.tableName());
				}
			}
		}
	}

	private void awaitInitialization() {
		Duration wait = this.timing.awaitInitialization();
		if (wait.isZero()) {
			return;
		}
		try {
			if (this.initialized.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
				RuntimeException failed = this.failure;
				if (failed != null) {
					throw failed;
				}
				log.info("Stream consumer {} initialized in {} ms", this.workerId,
						Duration.between(this.startedAt, Instant.now()).toMillis());
			}
			else {
				log.warn("Stream consumer {} not initialized after {}; continuing in the background", this.workerId,
						wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Graceful: finish in-flight records, checkpoint them, hand the leases back. */
	public void stop() {
		this.leaseWatchTimer.shutdownNow();
		Scheduler current;
		synchronized (this.schedulerLock) {
			current = this.scheduler;
			if (current == null) {
				// still looking for the stream or building the scheduler: it will not run
				if (this.state.compareAndSet(State.STARTING, State.STOPPED)) {
					this.stopping = true;
					interruptWorker();
				}
				return;
			}
			if (!this.state.compareAndSet(State.RUNNING, State.STOPPING)
					&& !this.state.compareAndSet(State.STARTING, State.STOPPING)) {
				return;
			}
		}
		this.stopping = true;
		try {
			Boolean done = current.startGracefulShutdown()
				.get(this.properties.gracefulShutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
			log.info("Stream consumer {} stopped gracefully ({})", this.workerId, done);
		}
		catch (TimeoutException ex) {
			log.warn("Stream consumer {} did not stop within {}; shutting down hard", this.workerId,
					this.properties.gracefulShutdownTimeout());
			current.shutdown();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("Graceful shutdown of {} failed: {}", this.workerId, ex.toString());
			current.shutdown();
		}
		finally {
			this.state.set(State.STOPPED);
		}
	}

	/**
	 * Abrupt stop, as if the process died: no graceful hand-over, no final checkpoint, leases simply stop being
	 * renewed so another worker takes them after the failover time.
	 */
	public void kill() {
		Scheduler current;
		synchronized (this.schedulerLock) {
			this.state.set(State.STOPPED);
			this.stopping = true;
			current = this.scheduler;
		}
		this.leaseWatchTimer.shutdownNow();
		if (current != null) {
			current.leaseCoordinator().stop();
			current.shutdown();
		}
		interruptWorker();
	}

	private void interruptWorker() {
		Thread worker = this.thread;
		if (worker != null) {
			worker.interrupt();
		}
	}

	public String workerId() {
		return this.workerId;
	}

	public State state() {
		return this.state.get();
	}

	public Set<String> shards() {
		return this.shards.shards();
	}

	/** Why the worker could not start (stream missing, ...), if it could not. */
	public @Nullable RuntimeException failure() {
		return this.failure;
	}

	/**
	 * Whether this worker is running and has taken part in the lease assignment: the lease table has leases, every
	 * unfinished one has an owner, and if any is ours, this worker consumes a shard. Readiness waits for it, so an
	 * instance reports ready only when changes are being handled (by it or by the other workers). Once true it stays
	 * true (later rebalancing does not make the instance unready); until then each call reads the lease table.
	 */
	public boolean holdsLeases() {
		if (this.leasesHeld) {
			return this.state.get() == State.RUNNING;
		}
		Scheduler current = this.scheduler;
		if (current == null || this.state.get() != State.RUNNING || !this.deliveries.isOpen()) {
			return false;
		}
		try {
			List<Lease> leases = current.leaseCoordinator().leaseRefresher().listLeases();
			boolean allOwned = !leases.isEmpty() && leases.stream()
				.allMatch((lease) -> lease.leaseOwner() != null || ExtendedSequenceNumber.SHARD_END.equals(lease.checkpoint()));
			boolean anyOurs = leases.stream().anyMatch((lease) -> this.workerId.equals(lease.leaseOwner()));
			this.leasesHeld = allOwned && (!anyOurs || !this.shards.shards().isEmpty());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.debug("Could not read the lease table of {}", this.properties.applicationName(), ex);
			return false;
		}
		return this.leasesHeld;
	}

	public boolean isRunning() {
		State current = this.state.get();
		return current == State.STARTING || current == State.RUNNING;
	}

	private Scheduler buildScheduler(String streamArn) {
		AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(this.streams,
				Region.of(this.dynamo.serviceClientConfiguration().region().id()));
		InitialPositionInStreamExtended position = InitialPositionInStreamExtended
			.newInitialPosition((this.properties.startingPosition() == StreamProperties.StartingPosition.LATEST)
					? InitialPositionInStream.LATEST : InitialPositionInStream.TRIM_HORIZON);
		StreamTracker tracker = StreamsSchedulerFactory.createSingleStreamTracker(streamArn, position);
		ChangeProcessor processor = this.processorForWorker.apply(this.workerId);
		AtomicReference<@Nullable LeaseCoordinator> coordinator = new AtomicReference<>();
		LeaseWatch watch = new LeaseWatch(this::readLeases, this.workerId, this.timing.failoverTime());
		long period = Math.max(100, this.timing.failoverTime().toMillis() / 6);
		this.leaseWatchTimer.scheduleWithFixedDelay(watch::scan, 0, period, TimeUnit.MILLISECONDS);
		ShardRecordProcessorFactory factory = () -> new GatedRecordProcessor(new KclRecordProcessor(processor, (shardId) -> {
			LeaseCoordinator current = coordinator.get();
			return current == null || current.getCurrentlyHeldLease(shardId) != null;
		}, () -> this.stopping, this.shards, watch::earlierHoldersLostBy), this.deliveries, () -> this.stopping);
		ConfigsBuilder configs = new ConfigsBuilder(tracker, this.properties.applicationName(), adapter,
				this.dynamoAsync, this.cloudWatch, this.workerId, factory);

		CheckpointConfig checkpoint = configs.checkpointConfig();
		CoordinatorConfig coordinatorConfig = configs.coordinatorConfig()
			.parentShardPollIntervalMillis(this.timing.parentShardPollInterval().toMillis())
			.shardConsumerDispatchPollIntervalMillis(this.timing.shardConsumerDispatchPollInterval().toMillis())
			.skipShardSyncAtWorkerInitializationIfLeasesExist(true)
			.workerStateChangeListener(this::onWorkerStateChange);
		LeaseManagementConfig leases = configs.leaseManagementConfig()
			.failoverTimeMillis(this.timing.failoverTime().toMillis())
			.leaseAssignmentIntervalMillis(this.timing.leaseAssignmentInterval().toMillis())
			.dynamoDbLockBasedLeaderLeaseDurationInMillis(this.timing.leaderLeaseDuration().toMillis())
			.dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(this.timing.leaderHeartbeatPeriod().toMillis())
			.initialPositionInStream(position)
			// the adapter zeroes this only after building its lease management factory, which has by then copied
			// KCL's 60 s default: every shard sync (including the first, at start-up) would idle a minute
			.shardSyncIntervalMillis(0);
		leases.workerUtilizationAwareAssignmentConfig()
			.disableWorkerMetrics(!this.properties.metrics().workerMetrics())
			.inMemoryWorkerMetricsCaptureFrequencyMillis(this.timing.workerMetricsCaptureInterval().toMillis())
			.workerMetricsReporterFreqInMillis(this.timing.workerMetricsReportInterval().toMillis());
		LifecycleConfig lifecycle = configs.lifecycleConfig();
		MetricsConfig metrics = configs.metricsConfig();
		if (!this.properties.metrics().cloudWatch()) {
			metrics.metricsFactory(new NullMetricsFactory());
		}
		ProcessorConfig processorConfig = configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(false);
		DynamoDBStreamsPollingConfig polling = new DynamoDBStreamsPollingConfig(adapter);
		polling.idleTimeBetweenReadsInMillis(this.timing.idleTimeBetweenReads().toMillis());
		polling.maxRecords(this.properties.batchSize());
		RetrievalConfig retrieval = configs.retrievalConfig().retrievalSpecificConfig(polling);

		// one scheduler: the adapter's, or in the embedded mode the same configs without KCL's empty-table wait
		Scheduler scheduler = SchedulerFactory.build(new SchedulerFactory.Configs(checkpoint, coordinatorConfig, leases,
				lifecycle, metrics, processorConfig, retrieval), adapter, this.timing.skipEmptyLeaseTableWait());
		coordinator.set(scheduler.leaseCoordinator());
		return scheduler;
	}

	/** The lease table's owners and counters, read strongly consistently (the lease watch needs the latest). */
	private List<LeaseWatch.Observed> readLeases() {
		List<LeaseWatch.Observed> out = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		do {
			Map<String, AttributeValue> from = start;
			ScanResponse page = this.dynamo.scan((r) -> r.tableName(this.properties.applicationName())
				.consistentRead(true)
				.projectionExpression("leaseKey, leaseOwner, leaseCounter")
				.exclusiveStartKey(from));
			for (Map<String, AttributeValue> item : page.items()) {
				AttributeValue key = item.get("leaseKey");
				AttributeValue counter = item.get("leaseCounter");
				if (key == null || counter == null || counter.n() == null) {
					continue;
				}
				AttributeValue owner = item.get("leaseOwner");
				out.add(new LeaseWatch.Observed(key.s(), (owner != null) ? owner.s() : null,
						Long.parseLong(counter.n())));
			}
			start = (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) ? page.lastEvaluatedKey()
					: null;
		}
		while (start != null);
		return out;
	}

	private void onWorkerStateChange(WorkerStateChangeListener.WorkerState newState) {
		log.info("Stream consumer {}: {}", this.workerId, newState);
		if (newState == WorkerStateChangeListener.WorkerState.STARTED) {
			this.state.compareAndSet(State.STARTING, State.RUNNING);
			this.initialized.countDown();
		}
	}

	public static String defaultWorkerId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "localhost";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public enum State {

		NEW, STARTING, RUNNING, STOPPING, STOPPED

	}

}
