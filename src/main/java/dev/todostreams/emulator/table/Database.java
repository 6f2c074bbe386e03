package dev.todostreams.emulator.table;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.stream.StreamStore;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * The tables of one emulator and the single place where items change. Every write takes one lock, so a
 * write, its index updates, its journal entry and its stream record happen atomically and stream records
 * appear in commit order. Reads do not lock.
 */
public final class Database {

	final Map<String, Table> tables = new ConcurrentHashMap<>();

	final ReentrantLock writeLock = new ReentrantLock();

	final StreamStore streams;

	final Clock clock;

	final String region;

	final String accountId;

	private final ChangeLog journal;

	/** How long new tables stay CREATING, updated ones UPDATING and new GSIs CREATING (0 = ACTIVE at once). */
	final long tableStatusDelayMillis;

	/** How long a write takes to show in global secondary indexes (0 = at once). */
	final long indexLagMillis;

	private final TableOperations tableOperations;

	private final ItemOperations itemOperations;

	private final ReadOperations readOperations;

	private final BatchOperations batchOperations;

	public Database(StreamStore streams, Clock clock, String region, String accountId, ChangeLog journal) {
		this(streams, clock, region, accountId, journal, 0, 0);
	}

	public Database(StreamStore streams, Clock clock, String region, String accountId, ChangeLog journal,
			long tableStatusDelayMillis, long indexLagMillis) {
		this.tableStatusDelayMillis = tableStatusDelayMillis;
		this.indexLagMillis = indexLagMillis;
		this.streams = streams;
		this.clock = clock;
		this.region = region;
		this.accountId = accountId;
		this.journal = journal;
		this.tableOperations = new TableOperations(this);
		this.itemOperations = new ItemOperations(this);
		this.readOperations = new ReadOperations(this);
		this.batchOperations = new BatchOperations(this, itemOperations);
	}

	/** Runs one DynamoDB_20120810 operation. Throws {@link AwsException} for client errors. */
	public Map<String, Object> handle(String operation, Map<String, Object> request) {
		return switch (operation) {
			case "CreateTable" -> tableOperations.createTable(request);
			case "DescribeTable" -> tableOperations.describeTable(request);
			case "UpdateTable" -> tableOperations.updateTable(request);
			case "DeleteTable" -> tableOperations.deleteTable(request);
			case "ListTables" -> tableOperations.listTables(request);
			case "UpdateTimeToLive" -> tableOperations.updateTimeToLive(request);
			case "DescribeTimeToLive" -> tableOperations.describeTimeToLive(request);
			case "TagResource" -> tableOperations.tagResource(request);
			case "UntagResource" -> tableOperations.untagResource(request);
			case "ListTagsOfResource" -> tableOperations.listTagsOfResource(request);
			case "DescribeContinuousBackups" -> tableOperations.describeContinuousBackups(request);
			case "UpdateContinuousBackups" -> tableOperations.updateContinuousBackups(request);
			case "DescribeLimits" -> tableOperations.describeLimits();
			case "DescribeEndpoints" -> tableOperations.describeEndpoints();
			case "PutItem" -> itemOperations.putItem(request);
			case "GetItem" -> readOperations.getItem(request);
			case "UpdateItem" -> itemOperations.updateItem(request);
			case "DeleteItem" -> itemOperations.deleteItem(request);
			case "Query" -> readOperations.query(request);
			case "Scan" -> readOperations.scan(request);
			case "BatchGetItem" -> batchOperations.batchGetItem(request);
			case "BatchWriteItem" -> batchOperations.batchWriteItem(request);
			case "TransactWriteItems" -> batchOperations.transactWriteItems(request);
			case "TransactGetItems" -> batchOperations.transactGetItems(request);
			default -> throw new AwsException("UnknownOperationException", "Unknown operation: DynamoDB_20120810." + operation);
		};
	}

	/**
	 * A table for reading and writing items. A table still CREATING, or DELETING, is not found, as on AWS (API
	 * Reference, ResourceNotFoundException: "its status might not be ACTIVE").
	 */
	Table table(String name) {
		Table table = anyTable(name);
		if (table.deleting || clock.millis() < table.activeAtMillis) {
			throw AwsException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
		}
		return table;
	}

	/** A table in any state (DescribeTable, UpdateTable, DeleteTable, TTL, tags); a deleted table whose delay has passed is gone. */
	Table anyTable(String name) {
		Table table = tables.get(name);
		if (table == null || gone(table)) {
			throw AwsException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
		}
		return table;
	}

	/** Whether a DELETING table's delay has passed; such a table is removed here (deletion completes lazily). */
	boolean gone(Table table) {
		if (table.deleting && clock.millis() >= table.goneAtMillis) {
			tables.remove(table.name, table);
			return true;
		}
		return false;
	}

	/** Refuses an item write whose table was deleted (or replaced) after the request looked it up. Caller holds the write lock. */
	void checkWritable(Table table) {
		if (table.deleting || tables.get(table.name) != table) {
			throw AwsException.resourceNotFound("Requested resource not found: Table: " + table.name + " not found");
		}
	}

	/** Resolves a table by name or ARN (TransactWriteItems and tag calls accept both); {@code items}: see {@link #table}. */
	Table tableByNameOrArn(String nameOrArn, boolean items) {
		if (nameOrArn.startsWith("arn:")) {
			for (Table t : tables.values()) {
				if (t.arn.equals(nameOrArn) && !gone(t)) {
					return items ? table(t.name) : t;
				}
			}
			throw AwsException.resourceNotFound("Requested resource not found: " + nameOrArn);
		}
		return items ? table(nameOrArn) : anyTable(nameOrArn);
	}

	/** The table name of a table name or table ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>}). */
	static String tableNameOf(String nameOrArn) {
		int slash = nameOrArn.indexOf(":table/");
		return nameOrArn.startsWith("arn:") && slash > 0 ? nameOrArn.substring(slash + 7) : nameOrArn;
	}

	/** The table's status now. */
	String status(Table table) {
		return table.status(clock.millis());
	}

	/** Makes a GSI's due changes visible and refuses reads while it is still backfilling. */
	void checkReadable(Index index) {
		long now = clock.millis();
		if (now < index.activeAtMillis) {
			throw AwsException.validation("Cannot read from backfilling global secondary index: " + index.definition.name());
		}
		if (indexLagMillis > 0) {
			index.catchUp(now);
		}
	}

	/**
	 * Applies one item change: storage, indexes, journal and stream record. Caller holds the write lock.
	 * A write that changes nothing writes no stream record, as in DynamoDB.
	 */
	void commit(Table table, Key key, @Nullable Map<String, Value> oldItem, @Nullable Map<String, Value> newItem,
			boolean byTtl) {
		if (oldItem == null && newItem == null) {
			return;
		}
		int newSize = newItem == null ? 0 : Values.itemSize(newItem);
		if (newSize > Values.MAX_ITEM_BYTES) {
			throw AwsException.validation("Item size has exceeded the maximum allowed size");
		}
		if (newItem != null) {
			// an update can nest a value deeper than any value of its request
			Values.checkNesting(newItem);
		}
		boolean changed = oldItem == null || newItem == null || !oldItem.equals(newItem);
		if (!changed) {
			return;
		}
		journal.atomically(() -> {
			if (journal.keepsEvents()) {
				journal.accept(newItem == null ? Persistence.deleteEvent(table, key) : Persistence.putEvent(table, newItem));
			}
			if (table.streamEnabled && table.streamArn != null) {
				String eventName = oldItem == null ? "INSERT" : newItem == null ? "REMOVE" : "MODIFY";
				streams.append(table.streamArn, eventName, table.keyAttributes(key), oldItem,
						oldItem == null ? 0 : table.storedSize(key, oldItem), newItem, newSize, byTtl);
			}
		});
		table.store(key, oldItem, newItem, newSize, indexLagMillis, indexLagMillis > 0 ? clock.millis() : 0);
	}

	/** Runs several commits so that a restart sees all of them or none (transactions). */
	void atomically(Runnable action) {
		journal.atomically(action);
	}

	void journalTable(Table table) {
		journal.accept(Persistence.tableEvent(table));
	}

	void journalTableDeleted(String name) {
		journal.accept(Persistence.tableDeletedEvent(name));
	}

	/** Deletes items whose TTL attribute (epoch seconds) lies in the past, writing service REMOVE records. */
	public int sweepExpired() {
		long now = clock.instant().getEpochSecond();
		int deleted = 0;
		for (Table table : tables.values()) {
			String attribute = table.ttlAttribute;
			if (!table.ttlEnabled || attribute == null || table.deleting) {
				continue;
			}
			List<Key> expired = new ArrayList<>();
			table.items.forEach((key, slot) -> {
				Map<String, Value> item = slot.item;
				if (item.get(attribute) instanceof Value.N n && n.value().longValue() <= now
						&& n.value().longValue() > 0) {
					expired.add(key);
				}
			});
			for (Key key : expired) {
				writeLock.lock();
				try {
					Map<String, Value> item = table.deleting ? null : table.get(key);
					if (item != null && item.get(attribute) instanceof Value.N n && n.value().longValue() <= now) {
						commit(table, key, item, null, true);
						deleted++;
					}
				}
				finally {
					writeLock.unlock();
				}
			}
		}
		return deleted;
	}

	/** Applies one journal event written by this database (during start-up, before serving). */
	public void replay(Map<String, Object> event) {
		Persistence.replay(this, event);
	}

	/** Runs an action while no write can happen (for a consistent snapshot). */
	public void lockForSnapshot(Runnable action) {
		writeLock.lock();
		try {
			action.run();
		}
		finally {
			writeLock.unlock();
		}
	}

	/** Events that rebuild all tables and items from nothing (journal compaction). */
	public List<Map<String, Object>> snapshot() {
		return Persistence.snapshot(this);
	}
}
