package dev.todostreams.emulator.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/**
 * Journal events for tables and items, and their replay. A table event carries the whole definition
 * (create and every later change); item events carry the stored item or the deleted key. Replaying never
 * writes stream records: the stream store replays its own events.
 */
final class Persistence {

	private Persistence() {
	}

	static Map<String, Object> tableEvent(Table t) {
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("k", "table");
		e.put("name", t.name);
		e.put("arn", t.arn);
		e.put("id", t.tableId);
		e.put("created", t.creationDateTime);
		e.put("hash", List.of(t.hash.name(), t.hash.type()));
		if (t.range != null) {
			e.put("range", List.of(t.range.name(), t.range.type()));
		}
		e.put("defs", new LinkedHashMap<>(t.attributeDefinitions));
		e.put("billing", t.billingMode);
		e.put("rcu", t.readCapacity);
		e.put("wcu", t.writeCapacity);
		List<Object> indexes = new ArrayList<>();
		for (Index index : t.indexes.values()) {
			IndexDefinition d = index.definition;
			Map<String, Object> i = new LinkedHashMap<>();
			i.put("name", d.name());
			i.put("global", d.global());
			i.put("hash", List.of(d.hash().name(), d.hash().type()));
			if (d.range() != null) {
				i.put("range", List.of(d.range().name(), d.range().type()));
			}
			i.put("projection", d.projectionType());
			i.put("nonKey", d.nonKeyAttributes());
			i.put("rcu", d.readCapacity());
			i.put("wcu", d.writeCapacity());
			indexes.add(i);
		}
		e.put("indexes", indexes);
		if (t.streamArn != null) {
			e.put("streamArn", t.streamArn);
			e.put("streamLabel", t.streamLabel);
			e.put("streamViewType", t.streamViewType);
		}
		e.put("streamEnabled", t.streamEnabled);
		if (t.ttlAttribute != null) {
			e.put("ttlAttribute", t.ttlAttribute);
		}
		e.put("ttlEnabled", t.ttlEnabled);
		e.put("tags", new LinkedHashMap<>(t.tags));
		e.put("deletionProtection", t.deletionProtection);
		return e;
	}

	static Map<String, Object> tableDeletedEvent(String name) {
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("k", "tableDeleted");
		e.put("name", name);
		return e;
	}

	static Map<String, Object> putEvent(Table t, Map<String, Value> item) {
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("k", "put");
		e.put("t", t.name);
		e.put("i", Values.toJson(item));
		return e;
	}

	static Map<String, Object> deleteEvent(Table t, Key key) {
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("k", "del");
		e.put("t", t.name);
		e.put("key", Values.toJson(t.keyAttributes(key)));
		return e;
	}

	static List<Map<String, Object>> snapshot(Database db) {
		List<Map<String, Object>> events = new ArrayList<>();
		for (Table t : db.tables.values()) {
			if (t.deleting) {
				// its deletion is journalled already: a restart never brings back a table that was DELETING
				continue;
			}
			events.add(tableEvent(t));
			for (Table.Slot slot : t.items.values()) {
				events.add(putEvent(t, slot.item));
			}
		}
		return events;
	}

	@SuppressWarnings("unchecked")
	static void replay(Database db, Map<String, Object> e) {
		String kind = (String) e.get("k");
		switch (kind) {
			case "table" -> replayTable(db, e);
			case "tableDeleted" -> db.tables.remove((String) e.get("name"));
			case "put" -> {
				Table t = db.table((String) e.get("t"));
				Map<String, Value> item = Values.storedItem(e.get("i"), "journal");
				Key key = t.keyOfItem(item);
				t.store(key, t.get(key), item);
			}
			case "del" -> {
				Table t = db.table((String) e.get("t"));
				Key key = t.keyOfRequest(Values.storedItem(e.get("key"), "journal"));
				Map<String, Value> old = t.get(key);
				if (old != null) {
					t.store(key, old, null);
				}
			}
			default -> throw new IllegalStateException("unknown journal event " + kind);
		}
	}

	@SuppressWarnings("unchecked")
	private static void replayTable(Database db, Map<String, Object> e) {
		String name = (String) e.get("name");
		Table t = db.tables.get(name);
		if (t == null) {
			t = new Table(name, (String) e.get("arn"), (String) e.get("id"), (BigDecimal) e.get("created"),
					key((List<Object>) e.get("hash")), key((List<Object>) e.get("range")));
			db.tables.put(name, t);
		}
		t.attributeDefinitions.clear();
		((Map<String, Object>) e.get("defs")).forEach((k, v) -> db.tables.get(name).attributeDefinitions.put(k, (String) v));
		t.billingMode = (String) e.get("billing");
		t.readCapacity = ((BigDecimal) e.get("rcu")).longValue();
		t.writeCapacity = ((BigDecimal) e.get("wcu")).longValue();
		Map<String, Index> kept = new LinkedHashMap<>();
		for (Object o : (List<Object>) e.get("indexes")) {
			Map<String, Object> i = (Map<String, Object>) o;
			String indexName = (String) i.get("name");
			Index existing = t.indexes.get(indexName);
			if (existing != null) {
				kept.put(indexName, existing);
				continue;
			}
			List<String> nonKey = new ArrayList<>();
			((List<Object>) i.get("nonKey")).forEach(n -> nonKey.add((String) n));
			IndexDefinition d = new IndexDefinition(indexName, (Boolean) i.get("global"), key((List<Object>) i.get("hash")),
					key((List<Object>) i.get("range")), (String) i.get("projection"), nonKey,
					((BigDecimal) i.get("rcu")).longValue(), ((BigDecimal) i.get("wcu")).longValue());
			Index index = new Index(d, t.hash, t.range);
			t.backfill(index);
			kept.put(indexName, index);
		}
		t.indexes.clear();
		t.indexes.putAll(kept);
		t.streamArn = (String) e.get("streamArn");
		t.streamLabel = (String) e.get("streamLabel");
		t.streamViewType = (String) e.get("streamViewType");
		t.streamEnabled = Boolean.TRUE.equals(e.get("streamEnabled"));
		t.ttlAttribute = (String) e.get("ttlAttribute");
		t.ttlEnabled = Boolean.TRUE.equals(e.get("ttlEnabled"));
		t.tags.clear();
		((Map<String, Object>) e.get("tags")).forEach((k, v) -> db.tables.get(name).tags.put(k, (String) v));
		t.deletionProtection = Boolean.TRUE.equals(e.get("deletionProtection"));
	}

	private static @Nullable KeyAttribute key(@Nullable List<Object> pair) {
		return pair == null ? null : new KeyAttribute((String) pair.get(0), (String) pair.get(1));
	}
}
