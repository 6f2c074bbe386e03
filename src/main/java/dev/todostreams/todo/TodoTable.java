package dev.todostreams.todo;

import java.util.List;

import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableDefinition.Index;
import dev.todostreams.system.TableDefinition.Key;

import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The todo tables, described once: used to create them (embedded, LocalStack), to check them ({@code aws}) and by
 * the infrastructure templates' tests. Attribute names are exactly the seed item's.
 */
public final class TodoTable {

	public static final String NAME = "Todos";

	public static final String ID = "TodoID";

	public static final String TASK = "Task";

	public static final String DUE_DATE = "DueDate";

	public static final String STATUS = "Status";

	public static final String VERSION = "Version";

	public static final String CREATED_AT = "CreatedAt";

	public static final String UPDATED_AT = "UpdatedAt";

	public static final String EXPIRES_AT = "ExpiresAt";

	public static final String STATUS_INDEX = "Status-DueDate-index";

	/** A small table of atomic counters; todo IDs come from its {@code Todos} row. */
	public static final String COUNTERS_NAME = "TodoCounters";

	public static final String COUNTER_ID = "CounterID";

	public static final String COUNTER_VALUE = "CounterValue";

	private TodoTable() {
	}

	public static TableDefinition todos() {
		return new TableDefinition(NAME, Key.string(ID),
				List.of(new Index(STATUS_INDEX, Key.string(STATUS), Key.string(DUE_DATE))),
				StreamViewType.NEW_AND_OLD_IMAGES, EXPIRES_AT);
	}

	public static TableDefinition counters() {
		return new TableDefinition(COUNTERS_NAME, Key.string(COUNTER_ID), List.of(), null, null);
	}

}
