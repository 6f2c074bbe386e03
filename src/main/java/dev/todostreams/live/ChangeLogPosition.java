package dev.todostreams.live;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Positions in the change log: strings that sort in log order. A change's position is the stream record's
 * approximate creation time (epoch millis, 13 digits) and its sequence number (40 digits), both zero-padded, so the
 * same record always gets the same position (a replayed record writes nothing new) and a todo's changes sort in
 * commit order. A delivery outcome's position is the time it was reported, its attempt count and its delivery id.
 * The log is partitioned by the minute of the position ({@link #bucket}).
 */
final class ChangeLogPosition {

	private static final int SEQUENCE_DIGITS = 40;

	private static final Pattern VALID = Pattern.compile("\\d{13}-[0-9A-Za-z_.:-]{1,200}");

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
		.withZone(ZoneOffset.UTC);

	private ChangeLogPosition() {
	}

	/** A change's position, from its stream record. */
	static String ofChange(Instant approximateCreationTime, String sequenceNumber) {
		String digits = sequenceNumber.chars().allMatch(Character::isDigit) ? sequenceNumber
				: sequenceNumber.replaceAll("[^0-9A-Za-z]", "");
		return millis(approximateCreationTime.toEpochMilli()) + "-" + "0".repeat(Math.max(0, SEQUENCE_DIGITS - digits.length()))
				+ digits;
	}

	/** A delivery outcome's position: after every change of the same millisecond ("d" sorts after digits). */
	static String ofDelivery(Instant reported, String deliveryId, int attempts) {
		return millis(reported.toEpochMilli()) + "-d-" + "%04d".formatted(Math.max(0, Math.min(attempts, 9999))) + "-"
				+ deliveryId.replaceAll("[^0-9A-Za-z_.:-]", "_");
	}

	/** The lowest position at {@code time}: every position of that millisecond or later sorts after it. */
	static String floor(Instant time) {
		return millis(Math.max(0, time.toEpochMilli()));
	}

	/** Whether a client's position is one of ours. */
	static boolean valid(@Nullable String position) {
		return position != null && VALID.matcher(position).matches();
	}

	/** When the position was taken (a valid position only). */
	static Instant time(String position) {
		return Instant.ofEpochMilli(Long.parseLong(position.substring(0, 13)));
	}

	/** The minute bucket the position is stored under, e.g. {@code 2026-12-05T07:41}. */
	static String bucket(Instant time) {
		return MINUTE.format(time);
	}

	static String bucket(String position) {
		return bucket(time(position));
	}

	private static String millis(long epochMillis) {
		return "%013d".formatted(epochMillis);
	}

}
