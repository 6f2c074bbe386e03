package dev.todostreams.emulator.stream;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.value.Value;

/**
 * The state behind {@link StreamStore}: streams, shards, records and the sequence counter, and every
 * change to them. Each change is journalled before it is applied, so a journal that throws leaves the
 * state unchanged; {@link #replay(Map)} applies journalled events without journalling them again.
 * <p>
 * Each stream has its own read/write lock: appends and rollovers write, readers read. Retention and
 * time-based rollover are applied lazily when a stream is touched after its due time (or by
 * {@link #trimExpired()}); trimming writes no journal event because it follows from the journalled times.
 */
final class StreamRegistry {

	private static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");

	private static final Set<String> EVENT_NAMES = Set.of("INSERT", "MODIFY", "REMOVE");

	private static final DateTimeFormatter LABEL_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
		.withZone(ZoneOffset.UTC);

	private final StreamSettings settings;

	private final Clock clock;

	private final Consumer<Map<String, Object>> journal;

	/** False when the journal keeps nothing: record events (the hot path) are then not even built. */
	private final boolean journalled;

	private final long retentionMillis;

	private final long rolloverIntervalMillis;

	/** Streams by ARN; ARNs sort by table and then label, which gives ListStreams a stable order. */
	private final ConcurrentSkipListMap<String, StreamState> streams = new ConcurrentSkipListMap<>();

	/** The last sequence number handed out (to a record or as a shard's starting number). */
	private final AtomicLong sequence = new AtomicLong();

	private final Object enableLock = new Object();

	/** Guarded by {@link #enableLock}: the newest label time per table, so labels stay unique. */
	private final Map<String, Long> lastLabelMillis = new HashMap<>();

	StreamRegistry(StreamSettings settings, Clock clock, Consumer<Map<String, Object>> journal, boolean journalled) {
		this.settings = settings;
		this.clock = clock;
		this.journal = journal;
		this.journalled = journalled;
		this.retentionMillis = settings.retention().toMillis();
		this.rolloverIntervalMillis = settings.rolloverInterval().toMillis();
	}

	// ---------------------------------------------------------------- engine side

	/** Creates a new stream (new label and ARN) for a table; keySchema is the table's KeySchema in wire form. */
	StreamStore.StreamInfo enable(String tableName, String viewType, List<Map<String, Object>> keySchema) {
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
				this.journal.accept(StreamEvents.enabled(stream));
				register(stream);
				openShard(stream, null, now);
			}
			finally {
				stream.lock.writeLock().unlock();
			}
			return new StreamStore.StreamInfo(arn, label);
		}
	}

	/** Closes the stream's open shard; the stream stays listed as DISABLED and readable for the retention period. */
	void disable(String streamArn) {
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
			this.journal.accept(StreamEvents.disabled(stream.arn, now));
			applyDisabled(stream, now);
		}
		finally {
			stream.lock.writeLock().unlock();
		}
	}

	/** Whether the stream exists and is ENABLED (accepts appends). */
	boolean isEnabled(String streamArn) {
		StreamState stream = this.streams.get(streamArn);
		return stream != null && stream.enabled && !stream.removed;
	}

	/**
	 * Appends one record. Called by the table engine while it holds the table's write lock, so records
	 * are appended in commit order. {@code byTtl} marks a TTL deletion (service userIdentity).
	 */
	void append(String streamArn, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> oldImage,
			int oldSize, @Nullable Map<String, Value> newImage, int newSize, boolean byTtl) {
		StreamState stream = this.streams.get(streamArn);
		if (stream == null) {
			throw new IllegalStateException("No stream " + streamArn);
		}
		if (!EVENT_NAMES.contains(eventName)) {
			throw new IllegalArgumentException("Unknown stream event name " + eventName);
		}
		RecordDraft draft = RecordDraft.of(stream.viewType, eventName, keys, oldImage, oldSize, newImage, newSize, byTtl);
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
			StreamRecord record = draft.toRecord(seq, time, this.settings.region(), stream.viewType);
			if (this.journalled) {
				this.journal.accept(StreamEvents.record(stream.arn, shard.id, record));
			}
			applyRecord(stream, shard, record);
			if (this.settings.rolloverRecords() > 0 && shard.totalCount() >= this.settings.rolloverRecords()) {
				rollover(stream, shard, now);
			}
		}
		finally {
			stream.lock.writeLock().unlock();
		}
	}

	/** Applies retention (and time-based rollover) to every stream now; the engine may call it periodically. */
	void trimExpired() {
		long now = this.clock.millis();
		for (StreamState stream : this.streams.values()) {
			maintainIfDue(stream, now);
		}
	}

	// ---------------------------------------------------------------- journal

	/** Applies one journal event written earlier by this registry. */
	void replay(Map<String, Object> event) {
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
	List<Map<String, Object>> snapshot() {
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
		this.journal.accept(StreamEvents.shardOpened(stream.arn, shard));
		applyShardOpened(stream, shard);
	}

	private void closeShard(StreamState stream, Shard shard, long now) {
		long ending = shard.lastSequence();
		this.journal.accept(StreamEvents.shardClosed(stream.arn, shard.id, ending, now));
		applyShardClosed(stream, shard, ending, now);
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

	void maintainIfDue(StreamState stream, long now) {
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

	// ---------------------------------------------------------------- lookups for the operations

	long now() {
		return this.clock.millis();
	}

	/** The stream with its due retention and rollover work done; ResourceNotFoundException when there is none. */
	StreamState findStream(String arn, long now) {
		StreamState stream = this.streams.get(arn);
		if (stream != null) {
			maintainIfDue(stream, now);
		}
		if (stream == null || stream.removed) {
			throw streamNotFound(arn);
		}
		return stream;
	}

	/** Streams in ARN order, after {@code exclusiveStart} when given (it need not exist). */
	Collection<StreamState> streamsAfter(@Nullable String exclusiveStart) {
		return (exclusiveStart != null) ? this.streams.tailMap(exclusiveStart, false).values() : this.streams.values();
	}

	static AwsException streamNotFound(String arn) {
		return AwsException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
	}

	private String streamArn(String tableName, String label) {
		return "arn:aws:dynamodb:" + this.settings.region() + ":" + this.settings.accountId() + ":table/" + tableName
				+ "/stream/" + label;
	}

	/** Sequence numbers are 21-digit zero-padded decimals, so text order equals numeric order. */
	static String formatSequence(long sequence) {
		String digits = Long.toString(sequence);
		return "0".repeat(Math.max(0, 21 - digits.length())) + digits;
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

	static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(k1, v1);
		map.put(k2, v2);
		return map;
	}
}
