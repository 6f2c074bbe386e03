package dev.todostreams.emulator.bench;

import java.nio.charset.StandardCharsets;

/**
 * The request bodies of the raw load client, encoded before the measured calls: the same JSON the AWS SDK sends
 * for the benchmark's GetItem, UpdateItem and Query (one body per key), and PutItem assembled from encoded pieces
 * around the key number and the random number attribute.
 */
final class RawRequests {

	static final byte[] PUT_ITEM = target("PutItem");

	static final byte[] GET_ITEM = target("GetItem");

	static final byte[] UPDATE_ITEM = target("UpdateItem");

	static final byte[] QUERY = target("Query");

	/** What a GetItem response that found the item contains. */
	static final byte[] ITEM_FIELD = ascii("\"Item\"");

	final byte[][] get;

	final byte[][] update;

	final byte[][] query;

	/** What a Query response of {@code queryItems} items contains (followed by ',' or '}'). */
	final byte[] count;

	final byte[] countLast;

	private final byte[] putStart;

	RawRequests(String table, int getKeys, int queryPartitions, int queryItems) {
		String quotedTable = quote(table);
		this.get = new byte[getKeys][];
		this.update = new byte[getKeys][];
		for (int i = 0; i < getKeys; i++) {
			String key = "{\"pk\":{\"S\":\"item#" + i + "\"},\"sk\":{\"S\":\"0\"}}";
			this.get[i] = ascii("{\"TableName\":" + quotedTable + ",\"Key\":" + key + "}");
			this.update[i] = ascii("{\"TableName\":" + quotedTable + ",\"Key\":" + key
					+ ",\"UpdateExpression\":\"SET #c = #c + :one\",\"ConditionExpression\":\"attribute_exists(pk)\""
					+ ",\"ExpressionAttributeNames\":{\"#c\":\"counter\"},\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}");
		}
		this.query = new byte[queryPartitions][];
		for (int p = 0; p < queryPartitions; p++) {
			this.query[p] = ascii("{\"TableName\":" + quotedTable + ",\"KeyConditionExpression\":\"pk = :p\""
					+ ",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"q#" + p + "\"}}}");
		}
		this.count = ascii("\"Count\":" + queryItems + ",");
		this.countLast = ascii("\"Count\":" + queryItems + "}");
		this.putStart = ascii("{\"TableName\":" + quotedTable + ",\"Item\":{\"pk\":{\"S\":\"put#");
	}

	/** A PutItem body writer for one load thread, with that thread's payload. */
	PutBody putBody(String payload) {
		return new PutBody(this.putStart, ascii("\"},\"sk\":{\"S\":\"0\"},\"n\":{\"N\":\""),
				ascii("\"},\"payload\":{\"S\":" + quote(payload) + "}}}"));
	}

	private static byte[] target(String operation) {
		return ascii("DynamoDB_20120810." + operation);
	}

	private static String quote(String text) {
		// table names and payloads are [a-zA-Z0-9_.#-]: nothing to escape
		return "\"" + text + "\"";
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * {@code {"TableName":"T","Item":{"pk":{"S":"put#K"},"sk":{"S":"0"},"n":{"N":"N"},"payload":{"S":"P"}}}}, written
	 * into a reusable buffer.
	 */
	static final class PutBody {

		private final byte[] start;

		private final byte[] middle;

		private final byte[] end;

		private final byte[] buffer;

		private int length;

		PutBody(byte[] start, byte[] middle, byte[] end) {
			this.start = start;
			this.middle = middle;
			this.end = end;
			this.buffer = new byte[start.length + middle.length + end.length + 40];
		}

		byte[] write(int key, int number) {
			int at = copy(this.start, 0);
			at = digits(key, at);
			at = copy(this.middle, at);
			at = digits(number, at);
			this.length = copy(this.end, at);
			return this.buffer;
		}

		int length() {
			return this.length;
		}

		private int copy(byte[] bytes, int at) {
			System.arraycopy(bytes, 0, this.buffer, at, bytes.length);
			return at + bytes.length;
		}

		/** Writes a non-negative int in decimal. */
		private int digits(int value, int at) {
			int size = 1;
			for (int v = value; v >= 10; v /= 10) {
				size++;
			}
			int v = value;
			for (int i = at + size - 1; i >= at; i--) {
				this.buffer[i] = (byte) ('0' + v % 10);
				v /= 10;
			}
			return at + size;
		}

	}

}
