package dev.todostreams.stream.kcl;

import java.util.function.BooleanSupplier;

import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;

/**
 * A shard's record processor whose initialisation waits at the {@link DeliveryGate}. It waits on KCL's executor
 * thread for that shard, so the scheduler loop and the lease renewals go on meanwhile.
 */
final class GatedRecordProcessor implements DynamoDBStreamsShardRecordProcessor {

	private final DynamoDBStreamsShardRecordProcessor delegate;

	private final DeliveryGate gate;

	private final BooleanSupplier stopping;

	GatedRecordProcessor(DynamoDBStreamsShardRecordProcessor delegate, DeliveryGate gate, BooleanSupplier stopping) {
		this.delegate = delegate;
		this.gate = gate;
		this.stopping = stopping;
	}

	@Override
	public void initialize(InitializationInput input) {
		this.gate.await(this.stopping);
		this.delegate.initialize(input);
	}

	@Override
	public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
		this.delegate.processRecords(input);
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		this.delegate.leaseLost(input);
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		this.delegate.shardEnded(input);
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		this.delegate.shutdownRequested(input);
	}

}
