package dev.todostreams.stream.kcl;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import dev.todostreams.stream.ChangeProcessor;
import dev.todostreams.stream.ShardLease;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;

/**
 * One shard's KCL record processor: hands each batch to the {@link ChangeProcessor}, checkpoints shard end so the
 * children can start, and stops without checkpoint when the lease is lost.
 */
@Slf4j
final class KclRecordProcessor implements DynamoDBStreamsShardRecordProcessor {

	private final ChangeProcessor processor;

	private final Predicate<String> leaseHeld;

	private final BooleanSupplier consumerStopping;

	private final ShardTracker tracker;

	private volatile String shardId = "unknown";

	private volatile boolean leaseLost;

	private volatile boolean shutdownRequested;

	private volatile @Nullable String lastCheckpoint;

	/** KCL builds a processor per lease term, after the lease is taken: its start bounds the term's start from above. */
	private volatile Instant termStarted = Instant.now();

	private final BiFunction<String, Instant, @Nullable Instant> earlierHolders;

	KclRecordProcessor(ChangeProcessor processor, Predicate<String> leaseHeld, BooleanSupplier consumerStopping,
			ShardTracker tracker) {
		this(processor, leaseHeld, consumerStopping, tracker, (shardId, termStarted) -> null);
	}

	/** @param earlierHolders when the shard's earlier holders lost it, as far as the lease watch knows */
	KclRecordProcessor(ChangeProcessor processor, Predicate<String> leaseHeld, BooleanSupplier consumerStopping,
			ShardTracker tracker, BiFunction<String, Instant, @Nullable Instant> earlierHolders) {
		this.earlierHolders = earlierHolders;
		this.processor = processor;
		this.leaseHeld = leaseHeld;
		this.consumerStopping = consumerStopping;
		this.tracker = tracker;
	}

	@Override
	public void initialize(InitializationInput input) {
		this.shardId = input.shardId();
		this.termStarted = Instant.now();
		this.tracker.started(this.shardId);
		log.info("Consuming shard {} from {}", this.shardId, input.extendedSequenceNumber());
		this.processor.shardStarted(this.shardId);
	}

	@Override
	public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
		List<Record> records = input.records().stream().map(DynamoDBStreamsClientRecord::getRecord).toList();
		if (records.isEmpty()) {
			return;
		}
		ShardLease lease = new ShardLease() {
			@Override
			public boolean held() {
				return !KclRecordProcessor.this.leaseLost
						&& KclRecordProcessor.this.leaseHeld.test(KclRecordProcessor.this.shardId);
			}

			@Override
			public Instant heldSince() {
				return KclRecordProcessor.this.termStarted;
			}

			@Override
			public @Nullable Instant earlierHoldersLostBy() {
				return KclRecordProcessor.this.earlierHolders.apply(KclRecordProcessor.this.shardId,
						KclRecordProcessor.this.termStarted);
			}

			@Override
			public boolean stopRequested() {
				return KclRecordProcessor.this.shutdownRequested || KclRecordProcessor.this.consumerStopping.getAsBoolean();
			}
		};
		this.processor.process(this.shardId, records, (sequenceNumber) -> {
			input.checkpointer().checkpoint(sequenceNumber);
			this.lastCheckpoint = sequenceNumber;
		}, lease);
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		this.leaseLost = true;
		this.tracker.stopped(this.shardId);
		log.info("Lost the lease on {}; stopping without checkpoint", this.shardId);
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		try {
			input.checkpointer().checkpoint();
			log.info("Shard {} ended and is checkpointed; its children can start", this.shardId);
		}
		catch (Exception ex) {
			// KCL retries the shutdown task when shard end is not checkpointed
			throw new IllegalStateException("could not checkpoint the end of " + this.shardId, ex);
		}
		finally {
			this.tracker.stopped(this.shardId);
		}
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		this.shutdownRequested = true;
		String sequenceNumber = this.lastCheckpoint;
		if (sequenceNumber != null) {
			try {
				// repeats the last checkpoint in case it failed; never passes an unfinished record
				input.checkpointer().checkpoint(sequenceNumber);
			}
			catch (Exception ex) {
				log.debug("Checkpoint at shutdown of {} not repeated: {}", this.shardId, ex.toString());
			}
		}
		this.tracker.stopped(this.shardId);
		log.info("Shutdown of {} requested; finished records are checkpointed", this.shardId);
	}

}
