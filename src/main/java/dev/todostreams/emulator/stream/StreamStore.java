package dev.todostreams.emulator.stream;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;

/**
 * The DynamoDB Streams side of the emulator: streams, shards, records, iterators, retention and
 * shard rollover, plus the four DynamoDBStreams_20120810 operations (JSON request in, JSON response out).
 * Thread-safe. Every state change is reported to the journal consumer as a JSON-able event that
 * {@link #replay(Map)} applies again after a restart.
 */
public final class StreamStore {

	/** The ARN and label of a stream. */
	public record StreamInfo(String arn, String label) {
	}

	public StreamStore(StreamSettings settings, Clock clock, Consumer<Map<String, Object>> journal) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	/** Creates a new stream (new label and ARN) for a table; keySchema is the table's KeySchema in wire form. */
	public StreamInfo enable(String tableName, String viewType, List<Map<String, Object>> keySchema) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	/** Closes the stream's open shard; the stream stays listed as DISABLED and readable for the retention period. */
	public void disable(String streamArn) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	/**
	 * Appends one record. Called by the table engine while it holds the table's write lock, so records
	 * are appended in commit order. {@code byTtl} marks a TTL deletion (service userIdentity).
	 */
	public void append(String streamArn, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> oldImage,
			@Nullable Map<String, Value> newImage, boolean byTtl) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	/** Applies one journal event written earlier by this store. */
	public void replay(Map<String, Object> event) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	/** Events that rebuild the current state from nothing (for journal compaction). */
	public List<Map<String, Object>> snapshot() {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	public Map<String, Object> listStreams(Map<String, Object> request) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	public Map<String, Object> describeStream(Map<String, Object> request) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	public Map<String, Object> getShardIterator(Map<String, Object> request) {
		throw new UnsupportedOperationException("stream: not built yet");
	}

	public Map<String, Object> getRecords(Map<String, Object> request) {
		throw new UnsupportedOperationException("stream: not built yet");
	}
}
