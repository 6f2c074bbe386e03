package dev.todostreams.stream;

import java.time.Duration;
import java.util.List;

/** Hooks for metrics and health; every method has a no-op default. Must not throw. */
public interface ChangeProcessingObserver {

	ChangeProcessingObserver NONE = new ChangeProcessingObserver() {
	};

	default void changeProcessed(String shardId, ItemChange change) {
	}

	default void handlerSucceeded(String handlerId, ItemChange change, Duration latency) {
	}

	default void handlerFailed(String handlerId, ItemChange change, Throwable error, int failures) {
	}

	default void duplicateSkipped(String handlerId, ItemChange change) {
	}

	default void deadLettered(DeadLetter deadLetter) {
	}

	default void checkpointed(String shardId, String sequenceNumber) {
	}

	/** This worker starts on a shard (a new lease term: at start-up, after a failover or a rebalance). */
	default void shardStarted(String shardId) {
	}

	static ChangeProcessingObserver composite(List<ChangeProcessingObserver> observers) {
		return new ChangeProcessingObserver() {

			@Override
			public void changeProcessed(String shardId, ItemChange change) {
				observers.forEach((o) -> o.changeProcessed(shardId, change));
			}

			@Override
			public void handlerSucceeded(String handlerId, ItemChange change, Duration latency) {
				observers.forEach((o) -> o.handlerSucceeded(handlerId, change, latency));
			}

			@Override
			public void handlerFailed(String handlerId, ItemChange change, Throwable error, int failures) {
				observers.forEach((o) -> o.handlerFailed(handlerId, change, error, failures));
			}

			@Override
			public void duplicateSkipped(String handlerId, ItemChange change) {
				observers.forEach((o) -> o.duplicateSkipped(handlerId, change));
			}

			@Override
			public void deadLettered(DeadLetter deadLetter) {
				observers.forEach((o) -> o.deadLettered(deadLetter));
			}

			@Override
			public void checkpointed(String shardId, String sequenceNumber) {
				observers.forEach((o) -> o.checkpointed(shardId, sequenceNumber));
			}

			@Override
			public void shardStarted(String shardId) {
				observers.forEach((o) -> o.shardStarted(shardId));
			}

		};
	}

}
