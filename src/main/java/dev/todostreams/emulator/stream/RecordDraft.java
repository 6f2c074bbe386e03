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
 * A stream record before it is numbered: the wire forms of keys and images (as the view type allows)
 * and the size, built outside the stream lock so that only numbering and storing happen under it.
 */
record RecordDraft(String eventId, String eventName, Map<String, Object> keys, @Nullable Map<String, Object> newImage,
		@Nullable Map<String, Object> oldImage, int sizeBytes, boolean byTtl) {

	private static final Map<String, Object> TTL_IDENTITY = StreamEvents
		.freezeMap(StreamRegistry.orderedMap("Type", "Service", "PrincipalId", "dynamodb.amazonaws.com"));

	static RecordDraft of(String viewType, String eventName, Map<String, Value> keys, @Nullable Map<String, Value> oldImage,
			@Nullable Map<String, Value> newImage, boolean byTtl) {
		int size = Values.itemSize(keys);
		Map<String, Object> newJson = null;
		if (newImage != null && ("NEW_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType))) {
			newJson = StreamEvents.freezeMap(Values.toJson(newImage));
			size += Values.itemSize(newImage);
		}
		Map<String, Object> oldJson = null;
		if (oldImage != null && ("OLD_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType))) {
			oldJson = StreamEvents.freezeMap(Values.toJson(oldImage));
			size += Values.itemSize(oldImage);
		}
		return new RecordDraft(newEventId(), eventName,
				StreamEvents.freezeMap(Values.toJson(keys)), newJson, oldJson, Math.max(1, size), byTtl);
	}

	/** 32 random hex digits; unique in practice, as DynamoDB's event ids are. */
	private static String newEventId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String high = Long.toHexString(random.nextLong());
		String low = Long.toHexString(random.nextLong());
		return "0".repeat(16 - high.length()) + high + "0".repeat(16 - low.length()) + low;
	}

	/** The record with its sequence number and time; its wire form is built here once and never changes. */
	StreamRecord toRecord(long sequence, long timeMillis, String region, String viewType) {
		Map<String, Object> dynamodb = new LinkedHashMap<>();
		dynamodb.put("ApproximateCreationDateTime", BigDecimal.valueOf(Math.floorDiv(timeMillis, 1000L)));
		dynamodb.put("Keys", this.keys);
		if (this.newImage != null) {
			dynamodb.put("NewImage", this.newImage);
		}
		if (this.oldImage != null) {
			dynamodb.put("OldImage", this.oldImage);
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
		return new StreamRecord(sequence, timeMillis, this.sizeBytes, Collections.unmodifiableMap(wire));
	}
}
