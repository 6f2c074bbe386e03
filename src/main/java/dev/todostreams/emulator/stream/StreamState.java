package dev.todostreams.emulator.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;

/**
 * One stream: what DescribeStream reports about it and its shards in creation order.
 * Mutable state is guarded by {@link #lock}; {@link #dueMillis} is read without it to decide
 * cheaply whether retention or rollover work is pending.
 */
final class StreamState {

	final String arn;

	final String tableName;

	final String label;

	final String viewType;

	final List<Map<String, Object>> keySchema;

	final long createdMillis;

	final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

	final List<Shard> shards = new ArrayList<>();

	final Map<String, Shard> shardsById = new HashMap<>();

	@Nullable Shard openShard;

	/** Written under the lock, read without it by {@link StreamStore#isEnabled(String)}. */
	volatile boolean enabled = true;

	long disabledMillis = -1;

	/** Set once the stream is disabled and all of its shards aged out. */
	volatile boolean removed;

	/** The earliest time at which a record ages out, a closed shard disappears or the open shard rolls over. */
	volatile long dueMillis = Long.MAX_VALUE;

	StreamState(String arn, String tableName, String label, String viewType, List<Map<String, Object>> keySchema,
			long createdMillis) {
		this.arn = arn;
		this.tableName = tableName;
		this.label = label;
		this.viewType = viewType;
		this.keySchema = keySchema;
		this.createdMillis = createdMillis;
	}

	void addShard(Shard shard) {
		this.shards.add(shard);
		this.shardsById.put(shard.id, shard);
		if (!shard.isClosed()) {
			this.openShard = shard;
		}
	}

	void removeShard(Shard shard) {
		this.shards.remove(shard);
		this.shardsById.remove(shard.id);
	}

	void dueNoLaterThan(long millis) {
		if (millis < this.dueMillis) {
			this.dueMillis = millis;
		}
	}
}
