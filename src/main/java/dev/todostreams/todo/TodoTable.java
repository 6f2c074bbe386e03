package dev.todostreams.todo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableDefinition.Index;
import dev.todostreams.system.TableDefinition.Key;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The todo schema, described once: the tables (used to create them in the embedded and LocalStack modes, to check
 * them in {@code aws} and by the infrastructure templates' tests), the item's attribute names (exactly the seed
 * item's) and the one mapping of an item or stream image to a {@link Todo}, used by the repository, the stream
 * handlers, the webhook payload and the live feed (docs/ARCHITECTURE.md, "Issue 16: one todo schema").
 * {@link TodoField} names the same attributes as typed fields for the change API.
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

	/**
	 * A todo item (or a stream image of one) as a {@link Todo}. Lenient, for items written by other tools: a missing
	 * or non-string {@code Task}/{@code Status} reads as {@code ""}, a missing or unreadable {@code Version} as 0,
	 * an unreadable date or instant as absent. {@code ExpiresAt} is in epoch seconds (DynamoDB TTL).
	 */
	public static Todo toTodo(Map<String, AttributeValue> item) {
		return new Todo(text(item, ID), text(item, TASK), date(text(item, DUE_DATE)), text(item, STATUS),
				number(item, VERSION), instant(text(item, CREATED_AT)), instant(text(item, UPDATED_AT)),
				epochSeconds(item.get(EXPIRES_AT)));
	}

	/** The todo's id from a change's keys (or its latest image), or null when the item is no todo. */
	public static @Nullable String todoId(ItemChange change) {
		AttributeValue id = change.keys().get(ID);
		if (id == null) {
			id = change.latestImage().get(ID);
		}
		return (id != null) ? id.s() : null;
	}

	private static String text(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null && value.s() != null) ? value.s() : "";
	}

	private static long number(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		if (value == null || value.n() == null) {
			return 0;
		}
		try {
			return Long.parseLong(value.n());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static @Nullable LocalDate date(String text) {
		try {
			return text.isEmpty() ? null : LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Instant instant(String text) {
		try {
			return text.isEmpty() ? null : Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Instant epochSeconds(@Nullable AttributeValue value) {
		if (value == null || value.n() == null) {
			return null;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(value.n()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
