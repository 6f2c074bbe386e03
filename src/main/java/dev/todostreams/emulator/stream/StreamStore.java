package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.AwsException;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * The DynamoDB Streams side of the emulator: streams, shards, records, iterators, retention and
 * shard rollover, plus the four DynamoDBStreams_20120810 operations (JSON request in, JSON response out).
 * Thread-safe. Every state change is reported to the journal consumer as a JSON-able event that
 * {@link #replay(Map)} applies again after a restart.
 * <p>
 * Each stream has its own read/write lock: appends and rollovers write, the operations read.
 * Retention and time-based rollover are applied lazily when a stream is touched after its due time
 * (or by {@link #trimExpired()}); trimming writes no journal event because it follows from the
 * journalled times.
 */
public final class StreamStore {

	/** At most this many bytes of records per GetRecords call. */
	static final int MAX_RECORDS_BYTES = 1024 * 1024;

	private static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");

	private static final Set<String> EVENT_NAMES = Set.of("INSERT", "MODIFY", "REMOVE");

	private static final List<String> ITERATOR_TYPES = List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER",
			"AFTER_SEQUENCE_NUMBER");

	private static final DateTimeFormatter LABEL_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
		.withZone(ZoneOffset.UTC);

	private static final Map<String, Object> TTL_IDENTITY = StreamEvents
		.freezeMap(orderedMap("Type", "Service", "PrincipalId", "dynamodb.amazonaws.com"));

	/** The ARN and label of a stream. */
	public record StreamInfo(String arn, String label) {
	}

	private final StreamSettings settings;

	private final Clock clock;

	private final Consumer<Map<String, Object>> journal;

	private final long retentionMillis;

	private final long rolloverIntervalMillis;

	private final long iteratorLifetimeMillis;

	/** Streams by ARN; ARNs sort by table and then label, which gives ListStreams a stable order. */
	private final ConcurrentSkipListMap<String, StreamState> streams = new ConcurrentSkipListMap<>();

	/** The last sequence number handed out (to a record or as a shard's starting number). */
	private final AtomicLong sequence = new AtomicLong();

	private final Object enableLock = new Object();

	/** Guarded by {@link #enableLock}: the newest label time per table, so labels stay unique. */
	private final Map<String, Long> lastLabelMillis = new HashMap<>();

	public StreamStore(StreamSettings settings, Clock clock, Consumer<Map<String, Object>> journal) {
		this.settings = settings;
		this.clock = clock;
		this.journal = journal;
		this.retentionMillis = settings.retention().toMillis();
		this.rolloverIntervalMillis = settings.rolloverInterval().toMillis();
		this.iteratorLifetimeMillis = settings.iteratorLifetime().toMillis();
	}

	// ---------------------------------------------------------------- engine side

	/** Creates a new stream (new label and ARN) for a table; keySchema is the table's KeySchema in wire form. */
	public StreamInfo enable(String tableName, String viewType, List<Map<String, Object>> keySchema) {
		if (!VIEW_TYPES.contains(viewType)) {
			throw AwsException.validation("1 validation error detected: Value '" + viewType
					+ "' at 'streamSpecification.streamViewType' failed to satisfy constraint: "
					+ "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
		}
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> schema = (List<Map<String, Object>>) StreamEvents.freeze(keySchema);
		synchronized (this.enableLock) {
			long now = this.clock.millis();
			Long last = this.lastLabelMillis.get(tableName);
			long labelMillis = (last != null && last >= now) ? last + 1 : now;
			String label = LABEL_FORMAT.format(Instant.ofEpochMilli(labelMillis));
			String arn = streamArn(tableName, label);
			while (this.streams.containsKey(arn)) {
				labelMillis++;
				label = LABEL_FORMAT.format(Instant.ofEpochMilli(labelMillis));
				arn = streamArn(tableName, label);
			}
			StreamState stream = new StreamState(arn, tableName, label, viewType, schema, labelMillis);
			stream.lock.writeLock().lock();
			try {
				register(stream);
				this.journal.accept(StreamEvents.enabled(stream));
				openShard(stream, null, now);
			}
			finally {
				stream.lock.writeLock().unlock();
			}
			return new StreamInfo(arn, label);
		}
	}

	/** Closes the stream's open shard; the stream stays listed as DISABLED and readable for the retention period. */
	public void disable(String streamArn) {
		StreamState stream = this.streams.get(streamArn);
		if (stream == null) {
			throw new IllegalStateException("No stream " + streamArn);
		}
		stream.lock.writeLock().lock();
		try {
			if (!stream.enabled || stream.removed) {
				return;
			}
			long now = this.clock.millis();
			maintain(stream, now);
			Shard open = stream.openShard;
			if (open != null) {
				closeShard(stream, open, now);
			}
			applyDisabled(stream, now);
			this.journal.accept(StreamEvents.disabled(stream.arn, now));
		}
		finally {
			stream.lock.writeLock().unlock();
		}
	}

	/** Whether the stream exists and is ENABLED (accepts appends). */
	public boolean isEnabled(String streamArn) {
		StreamState stream = this.streams.get(streamArn);
		return stream != null && stream.enabled && !stream.removed;
	}

	/**
	 * Appends one record. Called by the table engine while it holds the table's write lock, so records
	 * are appended in commit order. {@code byTtl} marks a TTL deletion (service userIdentity).
	 */
	public void append(String streamArn, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> oldImage,
			@Nullable Map<String, Value> newImage, boolean byTtl) {
		StreamState stream = this.streams.get(streamArn);
		if (stream == null) {
			throw new IllegalStateException("No stream " + streamArn);
		}
		if (!EVENT_NAMES.contains(eventName)) {
			throw new IllegalArgumentException("Unknown stream event name " + eventName);
		}
		// the wire forms are built before taking the lock: only numbering and storing happen under it
		Map<String, Object> keysJson = StreamEvents.freezeMap(Values.toJson(keys));
		int size = Values.itemSize(keys);
		Map<String, Object> newJson = null;
		if (newImage != null && stream.includesNewImage()) {
			newJson = StreamEvents.freezeMap(Values.toJson(newImage));
			size += Values.itemSize(newImage);
		}
		Map<String, Object> oldJson = null;
		if (oldImage != null && stream.includesOldImage()) {
			oldJson = StreamEvents.freezeMap(Values.toJson(oldImage));
			size += Values.itemSize(oldImage);
		}
		size = Math.max(1, size);
		String eventId = UUID.randomUUID().toString().replace("-", "");
		stream.lock.writeLock().lock();
		try {
			long now = this.clock.millis();
			maintain(stream, now);
			Shard shard = stream.openShard;
			if (!stream.enabled || stream.removed || shard == null) {
				throw new IllegalStateException("Stream " + streamArn + " is disabled");
			}
			long seq = this.sequence.incrementAndGet();
			long time = Math.max(now, shard.lastTimeMillis());
			Map<String, Object> dynamodb = new LinkedHashMap<>();
			dynamodb.put("ApproximateCreationDateTime", BigDecimal.valueOf(Math.floorDiv(time, 1000L)));
			dynamodb.put("Keys", keysJson);
			if (newJson != null) {
				dynamodb.put("NewImage", newJson);
			}
			if (oldJson != null) {
				dynamodb.put("OldImage", oldJson);
			}
			dynamodb.put("SequenceNumber", formatSequence(seq));
			dynamodb.put("SizeBytes", BigDecimal.valueOf(size));
			dynamodb.put("StreamViewType", stream.viewType);
			Map<String, Object> wire = new LinkedHashMap<>();
			wire.put("eventID", eventId);
			wire.put("eventName", eventName);
			wire.put("eventVersion", "1.1");
			wire.put("eventSource", "aws:dynamodb");
			wire.put("awsRegion", this.settings.region());
			wire.put("dynamodb", Collections.unmodifiableMap(dynamodb));
			if (byTtl) {
				wire.put("userIdentity", TTL_IDENTITY);
			}
			StreamRecord record = new StreamRecord(seq, time, size, Collections.unmodifiableMap(wire));
			applyRecord(stream, shard, record);
			this.journal.accept(StreamEvents.record(stream.arn, shard.id, record));
			if (this.settings.rolloverRecords() > 0 && shard.totalCount() >= this.settings.rolloverRecords()) {
				rollover(stream, shard, now);
			}
		}
		finally {
			stream.lock.writeLock().unlock();
		}
	}

	/** Applies retention (and time-based rollover) to every stream now; the engine may call it periodically. */
	public void trimExpired() {
		long now = this.clock.millis();
		for (StreamState stream : this.streams.values()) {
			maintainIfDue(stream, now);
		}
	}

	// ---------------------------------------------------------------- journal

	/** Applies one journal event written earlier by this store. */
	public void replay(Map<String, Object> event) {
		String type = StreamEvents.string(event, "type");
		if (StreamEvents.SEQUENCE.equals(type)) {
			this.sequence.accumulateAndGet(StreamEvents.number(event, "value"), Math::max);
			return;
		}
		if (StreamEvents.ENABLED.equals(type)) {
			replayEnabled(event);
			return;
		}
		StreamState stream = this.streams.get(StreamEvents.string(event, "streamArn"));
		if (stream == null) {
			return;
		}
		stream.lock.writeLock().lock();
		try {
			switch (type) {
				case StreamEvents.SHARD_OPENED -> replayShardOpened(stream, event);
				case StreamEvents.SHARD_CLOSED -> replayShardClosed(stream, event);
				case StreamEvents.SHARD_TRIMMED -> replayShardTrimmed(stream, event);
				case StreamEvents.RECORD -> replayRecord(stream, event);
				case StreamEvents.DISABLED -> applyDisabled(stream, StreamEvents.number(event, "disabledMillis"));
				default -> throw new IllegalArgumentException("Unknown stream journal event " + type);
			}
		}
		finally {
			stream.lock.writeLock().unlock();
		}
	}

	/** Events that rebuild the current state from nothing (for journal compaction). */
	public List<Map<String, Object>> snapshot() {
		long now = this.clock.millis();
		List<Map<String, Object>> events = new ArrayList<>();
		for (StreamState stream : this.streams.values()) {
			stream.lock.writeLock().lock();
			try {
				maintain(stream, now);
				if (stream.removed) {
					continue;
				}
				events.add(StreamEvents.enabled(stream));
				for (Shard shard : stream.shards) {
					events.add(StreamEvents.shardOpened(stream.arn, shard));
					if (shard.trimmedCount() > 0) {
						events.add(StreamEvents.shardTrimmed(stream.arn, shard));
					}
					for (StreamRecord record : shard.retained()) {
						events.add(StreamEvents.record(stream.arn, shard.id, record));
					}
					if (shard.isClosed()) {
						events.add(StreamEvents.shardClosed(stream.arn, shard));
					}
				}
				if (!stream.enabled) {
					events.add(StreamEvents.disabled(stream.arn, stream.disabledMillis));
				}
			}
			finally {
				stream.lock.writeLock().unlock();
			}
		}
		// read last: it then covers every number handed out while the streams were copied
		events.add(StreamEvents.sequence(this.sequence.get()));
		return events;
	}

	private void replayEnabled(Map<String, Object> event) {
		String arn = StreamEvents.string(event, "streamArn");
		synchronized (this.enableLock) {
			if (this.streams.containsKey(arn)) {
				return;
			}
			register(new StreamState(arn, StreamEvents.string(event, "tableName"),
					StreamEvents.string(event, "streamLabel"), StreamEvents.string(event, "viewType"),
					StreamEvents.keySchema(event), StreamEvents.number(event, "createdMillis")));
		}
	}

	private void replayShardOpened(StreamState stream, Map<String, Object> event) {
		String shardId = StreamEvents.string(event, "shardId");
		if (stream.shardsById.containsKey(shardId)) {
			return;
		}
		long start = StreamEvents.number(event, "startingSequence");
		this.sequence.accumulateAndGet(start, Math::max);
		applyShardOpened(stream, new Shard(shardId, StreamEvents.optionalString(event, "parentShardId"), start,
				StreamEvents.number(event, "createdMillis")));
	}

	private void replayShardClosed(StreamState stream, Map<String, Object> event) {
		Shard shard = stream.shardsById.get(StreamEvents.string(event, "shardId"));
		if (shard != null && !shard.isClosed()) {
			applyShardClosed(stream, shard, StreamEvents.number(event, "endingSequence"),
					StreamEvents.number(event, "closedMillis"));
		}
	}

	private void replayShardTrimmed(StreamState stream, Map<String, Object> event) {
		Shard shard = stream.shardsById.get(StreamEvents.string(event, "shardId"));
		if (shard != null) {
			shard.restoreTrimmed(StreamEvents.number(event, "trimmedCount"),
					StreamEvents.number(event, "trimmedThroughSequence"));
		}
	}

	private void replayRecord(StreamState stream, Map<String, Object> event) {
		Shard shard = stream.shardsById.get(StreamEvents.string(event, "shardId"));
		long seq = StreamEvents.number(event, "sequence");
		if (shard == null || shard.isClosed() || seq <= shard.lastSequence()) {
			return;
		}
		this.sequence.accumulateAndGet(seq, Math::max);
		applyRecord(stream, shard, new StreamRecord(seq, StreamEvents.number(event, "timeMillis"),
				(int) StreamEvents.number(event, "sizeBytes"), StreamEvents.freezeMap(StreamEvents.map(event, "record"))));
	}

	// ---------------------------------------------------------------- state changes (lock held)

	private void register(StreamState stream) {
		this.streams.put(stream.arn, stream);
		this.lastLabelMillis.merge(stream.tableName, stream.createdMillis, Math::max);
	}

	private void openShard(StreamState stream, @Nullable String parentId, long now) {
		long start = this.sequence.incrementAndGet();
		String prefix = "shardId-" + String.format("%020d", now) + "-";
		String id;
		do {
			id = prefix + String.format("%08x", ThreadLocalRandom.current().nextInt());
		}
		while (stream.shardsById.containsKey(id));
		Shard shard = new Shard(id, parentId, start, now);
		applyShardOpened(stream, shard);
		this.journal.accept(StreamEvents.shardOpened(stream.arn, shard));
	}

	private void closeShard(StreamState stream, Shard shard, long now) {
		applyShardClosed(stream, shard, shard.lastSequence(), now);
		this.journal.accept(StreamEvents.shardClosed(stream.arn, shard));
	}

	private void rollover(StreamState stream, Shard open, long now) {
		closeShard(stream, open, now);
		openShard(stream, open.id, now);
	}

	private void applyShardOpened(StreamState stream, Shard shard) {
		stream.addShard(shard);
		if (this.rolloverIntervalMillis > 0) {
			stream.dueNoLaterThan(saturatedAdd(shard.createdMillis, this.rolloverIntervalMillis));
		}
	}

	private void applyShardClosed(StreamState stream, Shard shard, long endingSequence, long closedMillis) {
		shard.close(endingSequence, closedMillis);
		if (stream.openShard == shard) {
			stream.openShard = null;
		}
		stream.dueNoLaterThan(saturatedAdd(closedMillis, this.retentionMillis));
	}

	private void applyRecord(StreamState stream, Shard shard, StreamRecord record) {
		shard.add(record);
		stream.dueNoLaterThan(saturatedAdd(record.timeMillis(), this.retentionMillis));
	}

	private void applyDisabled(StreamState stream, long disabledMillis) {
		stream.enabled = false;
		stream.disabledMillis = disabledMillis;
		Shard open = stream.openShard;
		if (open != null) {
			// a journal cut between the close and the disable event: close as disable would have
			applyShardClosed(stream, open, open.lastSequence(), disabledMillis);
		}
	}

	private void maintainIfDue(StreamState stream, long now) {
		if (now < stream.dueMillis) {
			return;
		}
		stream.lock.writeLock().lock();
		try {
			maintain(stream, now);
		}
		finally {
			stream.lock.writeLock().unlock();
		}
	}

	/** Trims aged-out records and shards, removes an aged-out disabled stream, rolls an old open shard. */
	private void maintain(StreamState stream, long now) {
		if (now < stream.dueMillis || stream.removed) {
			return;
		}
		long cutoff = now - this.retentionMillis + 1;
		for (Iterator<Shard> it = stream.shards.iterator(); it.hasNext();) {
			Shard shard = it.next();
			shard.trimBefore(cutoff);
			if (shard.isClosed() && shard.closedMillis() < cutoff) {
				it.remove();
				stream.shardsById.remove(shard.id);
			}
		}
		if (!stream.enabled && stream.shards.isEmpty()) {
			stream.removed = true;
			this.streams.remove(stream.arn, stream);
			return;
		}
		Shard open = stream.openShard;
		if (stream.enabled && open != null && this.rolloverIntervalMillis > 0
				&& now - open.createdMillis >= this.rolloverIntervalMillis) {
			rollover(stream, open, now);
		}
		long due = Long.MAX_VALUE;
		open = stream.openShard;
		if (stream.enabled && open != null && this.rolloverIntervalMillis > 0) {
			due = saturatedAdd(open.createdMillis, this.rolloverIntervalMillis);
		}
		for (Shard shard : stream.shards) {
			if (shard.retainedCount() > 0) {
				due = Math.min(due, saturatedAdd(shard.oldestTimeMillis(), this.retentionMillis));
			}
			if (shard.isClosed()) {
				due = Math.min(due, saturatedAdd(shard.closedMillis(), this.retentionMillis));
			}
		}
		stream.dueMillis = due;
	}

	// ---------------------------------------------------------------- operations

	public Map<String, Object> listStreams(Map<String, Object> request) {
		int limit = RequestFields.limit(request, 100, 100);
		String tableName = RequestFields.optionalString(request, "TableName");
		String exclusiveStart = RequestFields.optionalString(request, "ExclusiveStartStreamArn");
		long now = this.clock.millis();
		Map<String, StreamState> candidates = (exclusiveStart != null) ? this.streams.tailMap(exclusiveStart, false)
				: this.streams;
		List<Map<String, Object>> page = new ArrayList<>();
		String lastEvaluated = null;
		for (StreamState stream : candidates.values()) {
			if (tableName != null && !tableName.equals(stream.tableName)) {
				continue;
			}
			maintainIfDue(stream, now);
			if (stream.removed) {
				continue;
			}
			if (page.size() == limit) {
				lastEvaluated = (String) page.get(page.size() - 1).get("StreamArn");
				break;
			}
			page.add(orderedMap("StreamArn", stream.arn, "TableName", stream.tableName, "StreamLabel", stream.label));
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Streams", page);
		if (lastEvaluated != null) {
			response.put("LastEvaluatedStreamArn", lastEvaluated);
		}
		return response;
	}

	public Map<String, Object> describeStream(Map<String, Object> request) {
		String arn = RequestFields.requiredString(request, "StreamArn");
		int limit = RequestFields.limit(request, 100, 100);
		String exclusiveStart = RequestFields.optionalString(request, "ExclusiveStartShardId");
		String childrenOf = null;
		Map<String, Object> filter = RequestFields.optionalMap(request, "ShardFilter");
		if (filter != null) {
			String type = RequestFields.requiredString(filter, "Type");
			if (!"CHILD_SHARDS".equals(type)) {
				throw AwsException.validation("1 validation error detected: Value '" + type
						+ "' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]");
			}
			childrenOf = RequestFields.requiredString(filter, "ShardId");
		}
		StreamState stream = findStream(arn, this.clock.millis());
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
		String arn = RequestFields.requiredString(request, "StreamArn");
		String shardId = RequestFields.requiredString(request, "ShardId");
		String type = RequestFields.requiredString(request, "ShardIteratorType");
		String sequenceText = RequestFields.optionalString(request, "SequenceNumber");
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
		long now = this.clock.millis();
		StreamState stream = findStream(arn, now);
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
		String iterator = RequestFields.requiredString(request, "ShardIterator");
		int limit = RequestFields.limit(request, 1000, 1000);
		ShardIterators.Position position = ShardIterators.decode(iterator);
		long now = this.clock.millis();
		if (now - position.issuedMillis() > this.iteratorLifetimeMillis) {
			throw new AwsException("ExpiredIteratorException", "Iterator expired");
		}
		StreamState stream = findStream(position.streamArn(), now);
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

	// ---------------------------------------------------------------- helpers

	private StreamState findStream(String arn, long now) {
		StreamState stream = this.streams.get(arn);
		if (stream != null) {
			maintainIfDue(stream, now);
		}
		if (stream == null || stream.removed) {
			throw streamNotFound(arn);
		}
		return stream;
	}

	private static void requireNotRemoved(StreamState stream) {
		if (stream.removed) {
			throw streamNotFound(stream.arn);
		}
	}

	private static AwsException streamNotFound(String arn) {
		return AwsException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
	}

	private static AwsException trimmed() {
		return new AwsException("TrimmedDataAccessException",
				"The operation attempted to read past the oldest stream record in a shard.");
	}

	private static Map<String, Object> describeShard(Shard shard) {
		Map<String, Object> range = new LinkedHashMap<>();
		range.put("StartingSequenceNumber", formatSequence(shard.startingSequence));
		if (shard.isClosed()) {
			range.put("EndingSequenceNumber", formatSequence(shard.endingSequence()));
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("ShardId", shard.id);
		if (shard.parentId != null) {
			out.put("ParentShardId", shard.parentId);
		}
		out.put("SequenceNumberRange", range);
		return out;
	}

	private String streamArn(String tableName, String label) {
		return "arn:aws:dynamodb:" + this.settings.region() + ":" + this.settings.accountId() + ":table/" + tableName
				+ "/stream/" + label;
	}

	/** Sequence numbers are 21-digit zero-padded decimals, so text order equals numeric order. */
	static String formatSequence(long sequence) {
		return String.format("%021d", sequence);
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

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

	private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(k1, v1);
		map.put(k2, v2);
		return map;
	}

	private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2, String k3, Object v3) {
		Map<String, Object> map = orderedMap(k1, v1, k2, v2);
		map.put(k3, v3);
		return map;
	}
}
