package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.api.Requests;
import dev.todostreams.emulator.value.Value;

/**
 * The DynamoDB Streams side of the emulator: streams, shards, records, iterators, retention and
 * shard rollover, plus the four DynamoDBStreams_20120810 operations (JSON request in, JSON response out).
 * Thread-safe. Every state change is reported to the journal consumer as a JSON-able event that
 * {@link #replay(Map)} applies again after a restart. An event is journalled before it is applied,
 * so a journal that throws leaves the state unchanged.
 * <p>
 * Each stream has its own read/write lock: appends and rollovers write, the operations read.
 * Retention and time-based rollover are applied lazily when a stream is touched after its due time
 * (or by {@link #trimExpired()}); trimming writes no journal event because it follows from the
 * journalled times.
 */
public final class StreamStore {

	/** At most this many bytes of records per GetRecords call. */
	static final int MAX_RECORDS_BYTES = 1024 * 1024;

	private static final List<String> ITERATOR_TYPES = List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER",
			"AFTER_SEQUENCE_NUMBER");

	/** The ARN and label of a stream. */
	public record StreamInfo(String arn, String label) {
	}

	private final StreamRegistry registry;

	private final long iteratorLifetimeMillis;

	public StreamStore(StreamSettings settings, Clock clock, Consumer<Map<String, Object>> journal) {
		this(settings, clock, journal, true);
	}

	/**
	 * A store that journals nothing (in-memory emulator): no journal event is built, and a record's wire form is
	 * built only when it is read.
	 */
	public StreamStore(StreamSettings settings, Clock clock) {
		this(settings, clock, (event) -> {
		}, false);
	}

	private StreamStore(StreamSettings settings, Clock clock, Consumer<Map<String, Object>> journal, boolean journalled) {
		this.registry = new StreamRegistry(settings, clock, journal, journalled);
		this.iteratorLifetimeMillis = settings.iteratorLifetime().toMillis();
	}

	// ---------------------------------------------------------------- engine side

	/** Creates a new stream (new label and ARN) for a table; keySchema is the table's KeySchema in wire form. */
	public StreamInfo enable(String tableName, String viewType, List<Map<String, Object>> keySchema) {
		return this.registry.enable(tableName, viewType, keySchema);
	}

	/** Closes the stream's open shard; the stream stays listed as DISABLED and readable for the retention period. */
	public void disable(String streamArn) {
		this.registry.disable(streamArn);
	}

	/** Whether the stream exists and is ENABLED (accepts appends). */
	public boolean isEnabled(String streamArn) {
		return this.registry.isEnabled(streamArn);
	}

	/**
	 * Appends one record. Called by the table engine while it holds the table's write lock, so records
	 * are appended in commit order. {@code byTtl} marks a TTL deletion (service userIdentity).
	 */
	public void append(String streamArn, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> oldImage,
			@Nullable Map<String, Value> newImage, boolean byTtl) {
		this.registry.append(streamArn, eventName, keys, oldImage, -1, newImage, -1, byTtl);
	}

	/**
	 * {@link #append(String, String, Map, Map, Map, boolean)} with the images' sizes
	 * ({@code Values.itemSize}) already known, or -1 when not.
	 */
	public void append(String streamArn, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> oldImage,
			int oldSize, @Nullable Map<String, Value> newImage, int newSize, boolean byTtl) {
		this.registry.append(streamArn, eventName, keys, oldImage, oldSize, newImage, newSize, byTtl);
	}

	/** Applies retention (and time-based rollover) to every stream now; the engine may call it periodically. */
	public void trimExpired() {
		this.registry.trimExpired();
	}

	// ---------------------------------------------------------------- journal

	/** Applies one journal event written earlier by this store. */
	public void replay(Map<String, Object> event) {
		this.registry.replay(event);
	}

	/** Events that rebuild the current state from nothing (for journal compaction). */
	public List<Map<String, Object>> snapshot() {
		return this.registry.snapshot();
	}

	// ---------------------------------------------------------------- operations

	/** arn:aws:dynamodb:region:account:table/name/stream/label, as DynamoDB Streams writes them. */
	private static final java.util.regex.Pattern STREAM_ARN = java.util.regex.Pattern.compile(
			"arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/[a-zA-Z0-9_.-]{3,255}/stream/\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}");

	/**
	 * A malformed stream ARN is a ValidationException, not "not found" (DynamoDB Streams API Reference: StreamArn
	 * and ExclusiveStartStreamArn have length 37 to 1024 and are stream ARNs).
	 */
	static String checkStreamArn(String arn, String field) {
		if (arn.length() < 37 || arn.length() > 1024) {
			throw AwsException.validation("1 validation error detected: Value '" + arn + "' at '" + field
					+ "' failed to satisfy constraint: Member must have length " + (arn.length() < 37
							? "greater than or equal to 37" : "less than or equal to 1024"));
		}
		if (!STREAM_ARN.matcher(arn).matches()) {
			throw AwsException.validation("Invalid " + Character.toUpperCase(field.charAt(0)) + field.substring(1) + ": " + arn);
		}
		return arn;
	}

	public Map<String, Object> listStreams(Map<String, Object> request) {
		int limit = Requests.limit(request, 100, 100);
		String tableName = Requests.string(request, "TableName");
		String exclusiveStart = Requests.string(request, "ExclusiveStartStreamArn");
		Requests.string(request, "TableName");
		if (tableName != null) {
			Requests.checkTableName(tableName, "TableName");
		}
		if (exclusiveStart != null) {
			checkStreamArn(exclusiveStart, "exclusiveStartStreamArn");
		}
		long now = this.registry.now();
		List<Map<String, Object>> page = new ArrayList<>();
		String lastEvaluated = null;
		for (StreamState stream : this.registry.streamsAfter(exclusiveStart)) {
			if (tableName != null && !tableName.equals(stream.tableName)) {
				continue;
			}
			this.registry.maintainIfDue(stream, now);
			if (stream.removed) {
				continue;
			}
			if (page.size() == limit) {
				lastEvaluated = (String) page.get(page.size() - 1).get("StreamArn");
				break;
			}
			Map<String, Object> entry = StreamRegistry.orderedMap("StreamArn", stream.arn, "TableName", stream.tableName);
			entry.put("StreamLabel", stream.label);
			page.add(entry);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Streams", page);
		if (lastEvaluated != null) {
			response.put("LastEvaluatedStreamArn", lastEvaluated);
		}
		return response;
	}

	public Map<String, Object> describeStream(Map<String, Object> request) {
		String arn = Requests.required(request, "StreamArn");
		int limit = Requests.limit(request, 100, 100);
		String exclusiveStart = Requests.string(request, "ExclusiveStartShardId");
		String childrenOf = null;
		Map<String, Object> filter = Requests.map(request, "ShardFilter");
		if (filter != null) {
			String type = Requests.required(filter, "Type");
			if (!"CHILD_SHARDS".equals(type)) {
				throw AwsException.validation("1 validation error detected: Value '" + type
						+ "' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]");
			}
			childrenOf = Requests.required(filter, "ShardId");
		}
		checkStreamArn(arn, "streamArn");
		StreamState stream = this.registry.findStream(arn, this.registry.now());
		stream.lock.readLock().lock();
		try {
			requireNotRemoved(stream);
			List<Shard> candidates = stream.shards;
			if (childrenOf != null) {
				candidates = new ArrayList<>();
				for (Shard shard : stream.shards) {
					if (childrenOf.equals(shard.parentId)) {
						candidates.add(shard);
					}
				}
			}
			int from = 0;
			if (exclusiveStart != null) {
				from = candidates.size();
				for (int i = 0; i < candidates.size(); i++) {
					if (candidates.get(i).id.equals(exclusiveStart)) {
						from = i + 1;
						break;
					}
				}
			}
			int to = Math.min(candidates.size(), from + limit);
			List<Map<String, Object>> shards = new ArrayList<>(to - from);
			for (int i = from; i < to; i++) {
				shards.add(describeShard(candidates.get(i)));
			}
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("StreamArn", stream.arn);
			description.put("StreamLabel", stream.label);
			description.put("StreamStatus", stream.enabled ? "ENABLED" : "DISABLED");
			description.put("StreamViewType", stream.viewType);
			description.put("CreationRequestDateTime", BigDecimal.valueOf(stream.createdMillis, 3));
			description.put("TableName", stream.tableName);
			description.put("KeySchema", stream.keySchema);
			description.put("Shards", shards);
			if (to < candidates.size() && !shards.isEmpty()) {
				description.put("LastEvaluatedShardId", candidates.get(to - 1).id);
			}
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("StreamDescription", description);
			return response;
		}
		finally {
			stream.lock.readLock().unlock();
		}
	}

	public Map<String, Object> getShardIterator(Map<String, Object> request) {
		String arn = Requests.required(request, "StreamArn");
		String shardId = Requests.required(request, "ShardId");
		String type = Requests.required(request, "ShardIteratorType");
		String sequenceText = Requests.string(request, "SequenceNumber");
		checkStreamArn(arn, "streamArn");
		if (!ITERATOR_TYPES.contains(type)) {
			throw AwsException.validation("1 validation error detected: Value '" + type
					+ "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
					+ ITERATOR_TYPES);
		}
		boolean bySequence = type.endsWith("_SEQUENCE_NUMBER");
		if (bySequence && sequenceText == null) {
			throw AwsException.validation("Must specify a SequenceNumber with ShardIteratorType " + type);
		}
		if (!bySequence && sequenceText != null) {
			throw AwsException.validation("Must not specify a SequenceNumber with ShardIteratorType " + type);
		}
		long requested = (sequenceText != null) ? parseSequence(sequenceText) : 0;
		long now = this.registry.now();
		StreamState stream = this.registry.findStream(arn, now);
		stream.lock.readLock().lock();
		try {
			requireNotRemoved(stream);
			Shard shard = stream.shardsById.get(shardId);
			if (shard == null) {
				throw AwsException.resourceNotFound(
						"Requested resource not found: Shard: " + shardId + " in Stream: " + arn + " not found");
			}
			long after;
			if ("TRIM_HORIZON".equals(type)) {
				after = ShardIterators.TRIM_HORIZON;
			}
			else if ("LATEST".equals(type)) {
				after = shard.lastSequence();
			}
			else {
				long upper = shard.isClosed() ? shard.endingSequence() : shard.lastSequence();
				if (requested < shard.startingSequence || requested > upper) {
					throw AwsException.validation("Invalid SequenceNumber " + sequenceText + " for shard " + shardId
							+ ": outside the shard's sequence number range");
				}
				after = "AT_SEQUENCE_NUMBER".equals(type) ? requested - 1 : requested;
				if (after < shard.trimmedThroughSequence()) {
					throw trimmed();
				}
			}
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("ShardIterator", ShardIterators.encode(arn, shardId, after, now));
			return response;
		}
		finally {
			stream.lock.readLock().unlock();
		}
	}

	public Map<String, Object> getRecords(Map<String, Object> request) {
		String iterator = Requests.required(request, "ShardIterator");
		int limit = Requests.limit(request, 1000, 1000);
		ShardIterators.Position position = ShardIterators.decode(iterator);
		long now = this.registry.now();
		if (now - position.issuedMillis() > this.iteratorLifetimeMillis) {
			throw new AwsException("ExpiredIteratorException", "Iterator expired");
		}
		StreamState stream = this.registry.findStream(position.streamArn(), now);
		stream.lock.readLock().lock();
		try {
			requireNotRemoved(stream);
			Shard shard = stream.shardsById.get(position.shardId());
			if (shard == null) {
				// shards only disappear once all of their records aged out
				throw trimmed();
			}
			long after = position.afterSequence();
			if (after == ShardIterators.TRIM_HORIZON) {
				after = shard.trimmedThroughSequence();
			}
			else if (after < shard.trimmedThroughSequence()) {
				throw trimmed();
			}
			long[] lastRead = { after };
			List<Map<String, Object>> records = shard.read(after, limit, MAX_RECORDS_BYTES, lastRead);
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("Records", records);
			if (!shard.isClosed() || shard.hasRecordsAfter(lastRead[0])) {
				response.put("NextShardIterator", ShardIterators.encode(stream.arn, shard.id, lastRead[0], now));
			}
			return response;
		}
		finally {
			stream.lock.readLock().unlock();
		}
	}

	private static void requireNotRemoved(StreamState stream) {
		if (stream.removed) {
			throw StreamRegistry.streamNotFound(stream.arn);
		}
	}

	private static AwsException trimmed() {
		return new AwsException("TrimmedDataAccessException",
				"The operation attempted to read past the oldest stream record in a shard.");
	}

	private static Map<String, Object> describeShard(Shard shard) {
		Map<String, Object> range = new LinkedHashMap<>();
		range.put("StartingSequenceNumber", StreamRegistry.formatSequence(shard.startingSequence));
		if (shard.isClosed()) {
			range.put("EndingSequenceNumber", StreamRegistry.formatSequence(shard.endingSequence()));
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("ShardId", shard.id);
		if (shard.parentId != null) {
			out.put("ParentShardId", shard.parentId);
		}
		out.put("SequenceNumberRange", range);
		return out;
	}

	private static long parseSequence(String text) {
		if (text.length() < 21 || text.length() > 40) {
			throw AwsException.validation("1 validation error detected: Value '" + text
					+ "' at 'sequenceNumber' failed to satisfy constraint: Member must have length "
					+ ((text.length() < 21) ? "greater than or equal to 21" : "less than or equal to 40"));
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				throw AwsException.validation("Invalid SequenceNumber: " + text);
			}
		}
		BigInteger value = new BigInteger(text);
		return (value.bitLength() > 62) ? Long.MAX_VALUE : value.longValue();
	}
}
