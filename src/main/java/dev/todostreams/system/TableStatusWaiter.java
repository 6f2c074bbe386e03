package dev.todostreams.system;

import java.time.Duration;
import java.util.function.LongSupplier;

import lombok.extern.slf4j.Slf4j;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Waits until a table is ACTIVE by polling DescribeTable: first after 100 ms, the pause doubling up to 1 s, for at
 * most 10 minutes. A new table is CREATING for seconds on AWS (and for the emulator's table status delay); the SDK's
 * waiter sleeps 20 s between its DescribeTable calls, which held the application's start that long for a table
 * ready after a fraction of it.
 */
@Slf4j
public final class TableStatusWaiter {

	/** The pause before the second DescribeTable. */
	public static final Duration FIRST_PAUSE = Duration.ofMillis(100);

	/** The longest pause between two DescribeTable calls. */
	public static final Duration MAX_PAUSE = Duration.ofSeconds(1);

	/** How long a table may take to become ACTIVE before the start fails. */
	public static final Duration MAX_WAIT = Duration.ofMinutes(10);

	private final DynamoDbClient dynamoDb;

	private final Duration maxWait;

	private final Pause pause;

	private final LongSupplier nanoTime;

	public TableStatusWaiter(DynamoDbClient dynamoDb) {
		this(dynamoDb, MAX_WAIT);
	}

	public TableStatusWaiter(DynamoDbClient dynamoDb, Duration maxWait) {
		this(dynamoDb, maxWait, Thread::sleep, System::nanoTime);
	}

	/** With the pause and the time source given (tests). */
	TableStatusWaiter(DynamoDbClient dynamoDb, Duration maxWait, Pause pause, LongSupplier nanoTime) {
		this.dynamoDb = dynamoDb;
		this.maxWait = maxWait;
		this.pause = pause;
		this.nanoTime = nanoTime;
	}

	/** Waits the given milliseconds. */
	@FunctionalInterface
	interface Pause {

		void millis(long millis) throws InterruptedException;

	}

	/**
	 * Returns the table's description once its status is ACTIVE. A table not found yet (just created: DescribeTable
	 * is eventually consistent) is asked again.
	 * @throws TableNotActiveException when the table is not ACTIVE within the maximum wait
	 */
	public TableDescription awaitActive(String tableName) {
		long start = this.nanoTime.getAsLong();
		long deadline = start + this.maxWait.toNanos();
		long pauseMillis = FIRST_PAUSE.toMillis();
		int calls = 0;
		@Nullable String lastStatus = null;
		while (true) {
			calls++;
			try {
				TableDescription table = this.dynamoDb.describeTable((request) -> request.tableName(tableName)).table();
				if (table.tableStatus() == TableStatus.ACTIVE) {
					if (calls > 1) {
						log.debug("Table {} ACTIVE after {} ms ({} DescribeTable calls)", tableName,
								(this.nanoTime.getAsLong() - start) / 1_000_000, calls);
					}
					return table;
				}
				lastStatus = table.tableStatusAsString();
			}
			catch (ResourceNotFoundException ex) {
				lastStatus = "not found";
			}
			long left = deadline - this.nanoTime.getAsLong();
			if (left <= 0) {
				throw new TableNotActiveException(tableName, this.maxWait, lastStatus);
			}
			try {
				this.pause.millis(Math.min(pauseMillis, Math.max(1, left / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for table " + tableName + " to be ACTIVE", ex);
			}
			pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
		}
	}

	/** A table that did not become ACTIVE in time. */
	public static final class TableNotActiveException extends IllegalStateException {

		TableNotActiveException(String tableName, Duration maxWait, @Nullable String lastStatus) {
			super(("DynamoDB table '%s' is not ACTIVE after waiting %s (last status: %s). A new table is usually ACTIVE "
					+ "within seconds; check the table in the AWS console (or the endpoint's logs) and start again.")
				.formatted(tableName, maxWait, lastStatus));
		}

	}

}
