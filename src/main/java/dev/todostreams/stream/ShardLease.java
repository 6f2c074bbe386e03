package dev.todostreams.stream;

/** What the processor may ask about the shard it is working on, between records and between retries. */
public interface ShardLease {

	/** False once this worker lost the shard: stop at once and checkpoint nothing. */
	boolean held();

	/** True when the worker is shutting down: finish the current record, checkpoint, stop. */
	boolean stopRequested();

}
