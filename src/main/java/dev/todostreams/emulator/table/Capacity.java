package dev.todostreams.emulator.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.Requests;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * The capacity one operation consumes on one table, as ReturnConsumedCapacity reports it (Developer Guide, "DynamoDB
 * read and write capacity units" / "Read consistency"): a read unit per 4 KB read (the sizes of all items a Query or
 * Scan reads added up first), half of it for an eventually consistent read, twice for a transactional one; a write
 * unit per 1 KB of the larger of the old and the new item, twice in a transaction; each secondary index a write
 * touches costs write units for its entry (two when the entry's key changes). INDEXES breaks the total down.
 */
final class Capacity {

	private static final double READ_UNIT = 4096;

	private static final double WRITE_UNIT = 1024;

	private final Table table;

	private double read;

	private double write;

	private double tableUnits;

	private final Map<String, Double> globalIndexes = new LinkedHashMap<>();

	private final Map<String, Double> localIndexes = new LinkedHashMap<>();

	Capacity(Table table) {
		this.table = table;
	}

	/** NONE, TOTAL or INDEXES; validated. */
	static String mode(Map<String, Object> request) {
		return Requests.oneOf(request, "ReturnConsumedCapacity", "NONE", "NONE", "TOTAL", "INDEXES");
	}

	static double readUnits(long bytes, boolean consistent) {
		double units = Math.max(1, Math.ceil(bytes / READ_UNIT));
		return consistent ? units : units / 2;
	}

	static double writeUnits(long bytes) {
		return Math.max(1, Math.ceil(bytes / WRITE_UNIT));
	}

	/** A read of {@code bytes} from the table, or from {@code index} when not null. */
	Capacity read(long bytes, boolean consistent, double factor, @Nullable Index index) {
		double units = readUnits(bytes, consistent) * factor;
		read += units;
		if (index == null) {
			tableUnits += units;
		}
		else {
			(index.definition.global() ? globalIndexes : localIndexes).merge(index.definition.name(), units, Double::sum);
		}
		return this;
	}

	/** A transaction's ConditionCheck on an item of {@code bytes}: write units of the table only. */
	Capacity check(long bytes, double factor) {
		double units = writeUnits(bytes) * factor;
		write += units;
		tableUnits += units;
		return this;
	}

	/** A write changing {@code before} into {@code after} (either may be null), indexes included. */
	Capacity write(@Nullable Map<String, Value> before, @Nullable Map<String, Value> after, double factor) {
		long size = Math.max(before == null ? 0 : Values.itemSize(before), after == null ? 0 : Values.itemSize(after));
		double units = writeUnits(size) * factor;
		write += units;
		tableUnits += units;
		Key key = null;
		for (Index index : table.indexes.values()) {
			if (key == null) {
				Map<String, Value> any = after != null ? after : before;
				if (any == null) {
					return this;
				}
				key = Key.of(any.get(table.hash.name()), table.range == null ? null : any.get(table.range.name()));
			}
			IndexKey oldKey = before == null ? null : index.keyOf(key, before);
			IndexKey newKey = after == null ? null : index.keyOf(key, after);
			if (oldKey == null && newKey == null) {
				continue;
			}
			long entry = Math.max(oldKey == null ? 0 : Values.itemSize(index.project(before)),
					newKey == null ? 0 : Values.itemSize(index.project(after)));
			boolean moved = oldKey != null && newKey != null && IndexKey.ORDER.compare(oldKey, newKey) != 0;
			double indexUnits = writeUnits(entry) * (moved ? 2 : 1) * factor;
			write += indexUnits;
			(index.definition.global() ? globalIndexes : localIndexes).merge(index.definition.name(), indexUnits, Double::sum);
		}
		return this;
	}

	Map<String, Object> toJson(String mode) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("TableName", table.name);
		out.put("CapacityUnits", read + write);
		if (read > 0) {
			out.put("ReadCapacityUnits", read);
		}
		if (write > 0) {
			out.put("WriteCapacityUnits", write);
		}
		if (mode.equals("INDEXES")) {
			out.put("Table", Map.of("CapacityUnits", tableUnits));
			if (!globalIndexes.isEmpty()) {
				out.put("GlobalSecondaryIndexes", units(globalIndexes));
			}
			if (!localIndexes.isEmpty()) {
				out.put("LocalSecondaryIndexes", units(localIndexes));
			}
		}
		return out;
	}

	private static Map<String, Object> units(Map<String, Double> byIndex) {
		Map<String, Object> out = new LinkedHashMap<>();
		byIndex.forEach((name, units) -> out.put(name, Map.of("CapacityUnits", units)));
		return out;
	}

	/** Puts {@code ConsumedCapacity} (one table) into a response unless the mode is NONE. */
	static void report(String mode, Capacity capacity, Map<String, Object> response) {
		if (!mode.equals("NONE")) {
			response.put("ConsumedCapacity", capacity.toJson(mode));
		}
	}

	/** Puts {@code ConsumedCapacity} (a list, one entry per table: batches and transactions) unless NONE. */
	static void report(String mode, List<Capacity> capacities, Map<String, Object> response) {
		if (!mode.equals("NONE")) {
			response.put("ConsumedCapacity", capacities.stream().map(c -> (Object) c.toJson(mode)).toList());
		}
	}
}
