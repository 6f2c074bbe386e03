package dev.todostreams.emulator.stream;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * A stream record before it is numbered: keys and images (as the view type allows) and the size, built outside
 * the stream lock so that only numbering and storing happen under it. The images are the table's items, shared
 * and not copied: stored items are never modified (a write stores a new map), and {@link Value}s are immutable.
 * The wire form is built from them when the record is first read or journalled ({@link StreamRecord#wire()}).
 */
record RecordDraft(String eventId, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> newImage,
		@Nullable Map<String, Value> oldImage, int sizeBytes, boolean byTtl) {

	private static final Map<String, Object> TTL_IDENTITY = StreamEvents
		.freezeMap(StreamRegistry.orderedMap("Type", "Service", "PrincipalId", "dynamodb.amazonaws.com"));

	/** {@code oldSize} and {@code newSize} are the images' {@code Values.itemSize}, or -1 when not known. */
	static RecordDraft of(String viewType, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> oldImage,
			int oldSize, @Nullable Map<String, Value> newImage, int newSize, boolean byTtl) {
		int size = Values.itemSize(keys);
		Map<String, Value> keptNew = null;
		if (newImage != null && ("NEW_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType))) {
			keptNew = newImage;
			size += (newSize >= 0) ? newSize : Values.itemSize(newImage);
		}
		Map<String, Value> keptOld = null;
		if (oldImage != null && ("OLD_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType))) {
			keptOld = oldImage;
			size += (oldSize >= 0) ? oldSize : Values.itemSize(oldImage);
		}
		return new RecordDraft(newEventId(), eventName, keys, keptNew, keptOld, Math.max(1, size), byTtl);
	}

	/** 32 random hex digits; unique in practice, as DynamoDB's event ids are. */
	private static String newEventId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] digits = new char[32];
		hex(random.nextLong(), digits, 0);
		hex(random.nextLong(), digits, 16);
		return new String(digits);
	}

	private static void hex(long value, char[] into, int at) {
		for (int i = 15; i >= 0; i--) {
			into[at + i] = Character.forDigit((int) (value & 0xF), 16);
			value >>>= 4;
		}
	}

	/** The record with its sequence number and time; its wire form is built when first needed. */
	StreamRecord toRecord(long sequence, long timeMillis, String region, String viewType) {
		return new StreamRecord(sequence, timeMillis, this.sizeBytes, this, region, viewType);
	}

	/** The GetRecords wire form of this record (unmodifiable, deeply). */
	Map<String, Object> wire(long sequence, long timeMillis, String region, String viewType) {
		Map<String, Object> dynamodb = new LinkedHashMap<>();
		dynamodb.put("ApproximateCreationDateTime", BigDecimal.valueOf(Math.floorDiv(timeMillis, 1000L)));
		dynamodb.put("Keys", Values.toFrozenJson(this.keys));
		if (this.newImage != null) {
			dynamodb.put("NewImage", Values.toFrozenJson(this.newImage));
		}
		if (this.oldImage != null) {
			dynamodb.put("OldImage", Values.toFrozenJson(this.oldImage));
		}
		dynamodb.put("SequenceNumber", StreamRegistry.formatSequence(sequence));
		dynamodb.put("SizeBytes", BigDecimal.valueOf(this.sizeBytes));
		dynamodb.put("StreamViewType", viewType);
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("eventID", this.eventId);
		wire.put("eventName", this.eventName);
		wire.put("eventVersion", "1.1");
		wire.put("eventSource", "aws:dynamodb");
		wire.put("awsRegion", region);
		wire.put("dynamodb", Collections.unmodifiableMap(dynamodb));
		if (this.byTtl) {
			wire.put("userIdentity", TTL_IDENTITY);
		}
		return Collections.unmodifiableMap(wire);
	}
}
