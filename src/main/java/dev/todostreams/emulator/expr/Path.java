package dev.todostreams.emulator.expr;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;

/**
 * A resolved document path: a top-level attribute name followed by map keys ({@link String}) and list
 * indexes ({@link Integer}).
 */
final class Path {

	private final Object[] elements;

	Path(List<Object> elements) {
		this.elements = elements.toArray();
	}

	Path(String name) {
		this.elements = new Object[] { name };
	}

	int length() {
		return this.elements.length;
	}

	Object element(int i) {
		return this.elements[i];
	}

	String topLevel() {
		return (String) this.elements[0];
	}

	/** The value at this path, or {@code null} when any step is missing or of the wrong type. */
	@Nullable Value get(Map<String, Value> item) {
		Value current = item.get((String) this.elements[0]);
		for (int i = 1; i < this.elements.length && current != null; i++) {
			current = step(current, this.elements[i]);
		}
		return current;
	}

	static @Nullable Value step(Value current, Object element) {
		if (element instanceof String key) {
			return (current instanceof Value.M m) ? m.values().get(key) : null;
		}
		int index = (Integer) element;
		if (current instanceof Value.L l && index < l.values().size()) {
			return l.values().get(index);
		}
		return null;
	}

	/** True when one path equals or is a prefix of the other. */
	boolean overlaps(Path other) {
		int n = Math.min(this.elements.length, other.elements.length);
		for (int i = 0; i < n; i++) {
			if (!this.elements[i].equals(other.elements[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * "overlap" when one path equals or is a prefix of the other, "conflict" when they first differ by a
	 * map key against a list index, otherwise {@code null}.
	 */
	@Nullable String clash(Path other) {
		int n = Math.min(this.elements.length, other.elements.length);
		for (int i = 0; i < n; i++) {
			Object a = this.elements[i];
			Object b = other.elements[i];
			if (!a.equals(b)) {
				return (a instanceof Integer) != (b instanceof Integer) ? "conflict" : null;
			}
		}
		return "overlap";
	}

	boolean sameAs(Path other) {
		return this.elements.length == other.elements.length && overlaps(other);
	}

	/** The form DynamoDB uses in error messages: {@code [a, b, [0]]}. */
	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder("[");
		for (int i = 0; i < this.elements.length; i++) {
			if (i > 0) {
				sb.append(", ");
			}
			Object e = this.elements[i];
			if (e instanceof Integer) {
				sb.append('[').append(e).append(']');
			}
			else {
				sb.append(e);
			}
		}
		return sb.append(']').toString();
	}

}
