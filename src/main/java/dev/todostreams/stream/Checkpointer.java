package dev.todostreams.stream;

/** Records progress in a shard: everything up to and including the sequence number is done. */
@FunctionalInterface
public interface Checkpointer {

	void checkpoint(String sequenceNumber) throws Exception;

}
