package dev.todostreams.emulator.stream;

import java.time.Duration;

/**
 * How the emulated streams behave.
 *
 * @param region region written into ARNs and records (a real region name, e.g. us-east-1)
 * @param accountId 12-digit account id written into ARNs
 * @param retention how long records stay readable (DynamoDB: 24 hours)
 * @param rolloverRecords close the open shard and start a child after this many records (0 = never)
 * @param rolloverInterval close the open shard and start a child when it is this old (DynamoDB: about 4 hours)
 * @param iteratorLifetime how long a shard iterator stays valid (DynamoDB: 15 minutes)
 */
public record StreamSettings(String region, String accountId, Duration retention, int rolloverRecords,
		Duration rolloverInterval, Duration iteratorLifetime) {

	public static StreamSettings defaults() {
		return new StreamSettings("us-east-1", "000000000000", Duration.ofHours(24), 0, Duration.ofHours(4),
				Duration.ofMinutes(15));
	}
}
