package dev.todostreams.stream;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A change a handler gave up on, kept for inspection and replay.
 *
 * @param id {@code eventId:handlerId}
 * @param eventId the stream eventID
 * @param handlerId the listener that failed, or {@link #DECODER} when the record itself could not be read
 * @param shardId the shard the record came from
 * @param sequenceNumber the record's sequence number
 * @param change the change, absent when the record could not be decoded
 * @param reason one line saying why
 * @param error the last error's stack trace, shortened
 * @param attempts how often the handler was tried
 * @param deadLetteredAt when it was given up
 */
public record DeadLetter(String id, String eventId, String handlerId, String shardId, String sequenceNumber,
		@Nullable ItemChange change, String reason, @Nullable String error, int attempts, Instant deadLetteredAt) {

	/** Handler id used for records that could not be turned into an {@link ItemChange}. */
	public static final String DECODER = "stream-record-decoder";

	public static String idOf(String eventId, String handlerId) {
		return eventId + ":" + handlerId;
	}

}
