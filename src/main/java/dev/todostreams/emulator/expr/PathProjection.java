package dev.todostreams.emulator.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;

/** A projection over document paths, merged into a tree so nested paths build nested partial values. */
final class PathProjection implements Projection {

	private final Node root = new Node();

	PathProjection(List<Path> paths) {
		for (Path path : paths) {
			Node node = this.root;
			for (int i = 0; i < path.length(); i++) {
				node = node.child(path.element(i));
			}
			node.leaf = true;
		}
	}

	@Override
	public Map<String, Value> apply(Map<String, Value> item) {
		Map<String, Value> out = new LinkedHashMap<>();
		for (Map.Entry<String, Node> e : this.root.keys.entrySet()) {
			Value v = item.get(e.getKey());
			if (v != null) {
				Value projected = e.getValue().project(v);
				if (projected != null) {
					out.put(e.getKey(), projected);
				}
			}
		}
		return out;
	}

	private static final class Node {

		boolean leaf;

		final Map<String, Node> keys = new LinkedHashMap<>();

		final TreeMap<Integer, Node> indexes = new TreeMap<>();

		Node child(Object element) {
			if (element instanceof String key) {
				return this.keys.computeIfAbsent(key, k -> new Node());
			}
			return this.indexes.computeIfAbsent((Integer) element, k -> new Node());
		}

		@Nullable Value project(Value v) {
			if (this.leaf) {
				return v;
			}
			if (v instanceof Value.M m && !this.keys.isEmpty()) {
				Map<String, Value> out = new LinkedHashMap<>();
				for (Map.Entry<String, Node> e : this.keys.entrySet()) {
					Value child = m.values().get(e.getKey());
					Value projected = (child != null) ? e.getValue().project(child) : null;
					if (projected != null) {
						out.put(e.getKey(), projected);
					}
				}
				return out.isEmpty() ? null : new Value.M(out);
			}
			if (v instanceof Value.L l && !this.indexes.isEmpty()) {
				List<Value> out = new ArrayList<>();
				for (Map.Entry<Integer, Node> e : this.indexes.entrySet()) {
					int index = e.getKey();
					if (index < l.values().size()) {
						Value projected = e.getValue().project(l.values().get(index));
						if (projected != null) {
							out.add(projected);
						}
					}
				}
				return out.isEmpty() ? null : new Value.L(out);
			}
			return null;
		}

	}

}
