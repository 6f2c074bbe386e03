package dev.todostreams.emulator.stream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

import dev.todostreams.emulator.api.AwsException;

/**
 * Encodes shard iterators: stream ARN, shard id, position and issue time, with a checksum so
 * that a damaged or invented iterator is refused. The position is the sequence number after which
 * reading continues ({@link #TRIM_HORIZON} = wherever the trim horizon is when the iterator is used),
 * which stays meaningful across trimming, snapshots and restarts.
 */
final class ShardIterators {

	static final long TRIM_HORIZON = -1;

	private static final String VERSION = "s1";

	private static final char SEPARATOR = '|';

	private ShardIterators() {
	}

	record Position(String streamArn, String shardId, long afterSequence, long issuedMillis) {
	}

	static String encode(String streamArn, String shardId, long afterSequence, long issuedMillis) {
		String body = VERSION + SEPARATOR + streamArn + SEPARATOR + shardId + SEPARATOR + afterSequence + SEPARATOR
				+ issuedMillis;
		String text = body + SEPARATOR + Long.toHexString(checksum(body));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static Position decode(String iterator) {
		String text;
		try {
			text = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		String[] parts = text.split("\\|", -1);
		if (parts.length != 6 || !VERSION.equals(parts[0])) {
			throw invalid();
		}
		String body = text.substring(0, text.lastIndexOf(SEPARATOR));
		try {
			if (Long.parseLong(parts[5], 16) != checksum(body)) {
				throw invalid();
			}
			return new Position(parts[1], parts[2], Long.parseLong(parts[3]), Long.parseLong(parts[4]));
		}
		catch (NumberFormatException ex) {
			throw invalid();
		}
	}

	private static long checksum(String body) {
		CRC32 crc = new CRC32();
		crc.update(body.getBytes(StandardCharsets.UTF_8));
		return crc.getValue();
	}

	private static AwsException invalid() {
		return AwsException.validation("Invalid ShardIterator");
	}
}
