package dev.todostreams.emulator.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A global or local secondary index as declared in CreateTable or UpdateTable. */
record IndexDefinition(String name, boolean global, KeyAttribute hash, @Nullable KeyAttribute range,
		String projectionType, List<String> nonKeyAttributes, long readCapacity, long writeCapacity) {

	Map<String, Object> keySchemaJson() {
		List<Object> schema = new ArrayList<>();
		schema.add(Map.of("AttributeName", hash.name(), "KeyType", "HASH"));
		if (range != null) {
			schema.add(Map.of("AttributeName", range.name(), "KeyType", "RANGE"));
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("KeySchema", schema);
		return out;
	}

	Map<String, Object> projectionJson() {
		Map<String, Object> projection = new LinkedHashMap<>();
		projection.put("ProjectionType", projectionType);
		if (!nonKeyAttributes.isEmpty()) {
			projection.put("NonKeyAttributes", nonKeyAttributes);
		}
		return projection;
	}
}
