package dev.todostreams.stream.kcl;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Which shards this worker consumes right now (for health and logs). */
final class ShardTracker {

	private final Set<String> shards = ConcurrentHashMap.newKeySet();

	void started(String shardId) {
		this.shards.add(shardId);
	}

	void stopped(String shardId) {
		this.shards.remove(shardId);
	}

	Set<String> shards() {
		return new TreeSet<>(this.shards);
	}

}
