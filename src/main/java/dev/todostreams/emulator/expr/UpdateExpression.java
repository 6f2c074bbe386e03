package dev.todostreams.emulator.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/** A parsed UpdateExpression: SET, REMOVE, ADD and DELETE actions on document paths. */
final class UpdateExpression implements Update {

	/** An operand of a SET action, evaluated against the item before the update. */
	interface Operand {

		Value eval(Map<String, Value> item);

	}

	record Constant(Value value) implements Operand {

		@Override
		public Value eval(Map<String, Value> item) {
			return this.value;
		}

	}

	record PathValue(Path path) implements Operand {

		@Override
		public Value eval(Map<String, Value> item) {
			Value value = this.path.get(item);
			if (value == null) {
				throw AwsException.validation("The provided expression refers to an attribute that does not exist in the item");
			}
			return value;
		}

	}

	record IfNotExists(Path path, Operand fallback) implements Operand {

		@Override
		public Value eval(Map<String, Value> item) {
			Value value = this.path.get(item);
			return (value != null) ? value : this.fallback.eval(item);
		}

	}

	record ListAppend(Operand first, Operand second) implements Operand {

		@Override
		public Value eval(Map<String, Value> item) {
			Value a = this.first.eval(item);
			Value b = this.second.eval(item);
			if (!(a instanceof Value.L x) || !(b instanceof Value.L y)) {
				throw incorrectType();
			}
			List<Value> joined = new ArrayList<>(x.values().size() + y.values().size());
			joined.addAll(x.values());
			joined.addAll(y.values());
			return new Value.L(joined);
		}

	}

	record Arithmetic(Operand left, Operand right, boolean plus) implements Operand {

		@Override
		public Value eval(Map<String, Value> item) {
			Value a = this.left.eval(item);
			Value b = this.right.eval(item);
			if (!(a instanceof Value.N x) || !(b instanceof Value.N y)) {
				throw incorrectType();
			}
			BigDecimal result = this.plus ? x.value().add(y.value()) : x.value().subtract(y.value());
			return new Value.N(Values.checkNumber(result));
		}

	}

	record Set(Path path, Operand value) {
	}

	/** An ADD or DELETE action. */
	record SetChange(Path path, Value value) {
	}

	private final Set[] sets;

	private final Path[] removes;

	private final SetChange[] adds;

	private final SetChange[] deletes;

	private final java.util.Set<String> topLevel;

	private final PathProjection updatedPaths;

	UpdateExpression(List<Set> sets, List<Path> removes, List<SetChange> adds, List<SetChange> deletes) {
		// several SET list[n] past the end append in index order, whatever order they are written in (Developer
		// Guide, "Using update expressions in DynamoDB", Adding elements to a list); paths never overlap (the parser
		// refuses it), so any other reordering changes nothing
		List<Set> sortedSets = new ArrayList<>(sets);
		sortedSets.sort((a, b) -> pathOrder(a.path(), b.path(), false));
		this.sets = sortedSets.toArray(new Set[0]);
		List<Path> sortedRemoves = new ArrayList<>(removes);
		sortedRemoves.sort((a, b) -> pathOrder(a, b, true));
		this.removes = sortedRemoves.toArray(new Path[0]);
		this.adds = adds.toArray(new SetChange[0]);
		this.deletes = deletes.toArray(new SetChange[0]);
		java.util.Set<String> names = new LinkedHashSet<>();
		sets.forEach(s -> names.add(s.path().topLevel()));
		removes.forEach(p -> names.add(p.topLevel()));
		adds.forEach(a -> names.add(a.path().topLevel()));
		deletes.forEach(d -> names.add(d.path().topLevel()));
		this.topLevel = Collections.unmodifiableSet(names);
		List<Path> all = new ArrayList<>();
		sets.forEach(s -> all.add(s.path()));
		all.addAll(removes);
		adds.forEach(a -> all.add(a.path()));
		deletes.forEach(d -> all.add(d.path()));
		this.updatedPaths = new PathProjection(all);
	}

	/**
	 * A total order on paths: names alphabetically, list indexes ascending (SET: appends in index order) or
	 * descending (REMOVE: higher indexes first, so that earlier removals do not shift later ones).
	 */
	private static int pathOrder(Path a, Path b, boolean descendingIndexes) {
		int n = Math.min(a.length(), b.length());
		for (int i = 0; i < n; i++) {
			Object x = a.element(i);
			Object y = b.element(i);
			if (x instanceof Integer ix && y instanceof Integer iy) {
				int c = descendingIndexes ? Integer.compare(iy, ix) : Integer.compare(ix, iy);
				if (c != 0) {
					return c;
				}
			}
			else if (x instanceof String sx && y instanceof String sy) {
				int c = sx.compareTo(sy);
				if (c != 0) {
					return c;
				}
			}
			else {
				return x instanceof String ? -1 : 1;
			}
		}
		return Integer.compare(a.length(), b.length());
	}

	@Override
	public Projection updatedPaths() {
		return this.updatedPaths;
	}

	static AwsException incorrectType() {
		return AwsException.validation("An operand in the update expression has an incorrect data type");
	}

	static AwsException invalidPath() {
		return AwsException.validation("The document path provided in the update expression is invalid for update");
	}

	@Override
	public java.util.Set<String> topLevelAttributes() {
		return this.topLevel;
	}

	@Override
	public Map<String, Value> apply(Map<String, Value> item) {
		Value[] values = new Value[this.sets.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.sets[i].value().eval(item);
		}
		Map<String, Value> result = new LinkedHashMap<>(item);
		for (int i = 0; i < values.length; i++) {
			put(result, this.sets[i].path(), values[i]);
		}
		for (Path path : this.removes) {
			remove(result, path);
		}
		for (SetChange add : this.adds) {
			Value existing = add.path().get(result);
			put(result, add.path(), add(existing, add.value()));
		}
		for (SetChange delete : this.deletes) {
			Value existing = delete.path().get(result);
			if (existing == null) {
				continue;
			}
			Value remaining = subtract(existing, delete.value());
			if (remaining == null) {
				remove(result, delete.path());
			}
			else {
				put(result, delete.path(), remaining);
			}
		}
		return result;
	}

	// ---------------------------------------------------------------- ADD / DELETE semantics

	/** ADD: number addition (absent = 0) or set union. */
	static Value add(@Nullable Value existing, Value value) {
		if (existing == null) {
			return value;
		}
		if (existing instanceof Value.N x && value instanceof Value.N y) {
			return new Value.N(Values.checkNumber(x.value().add(y.value())));
		}
		if (existing instanceof Value.SS x && value instanceof Value.SS y) {
			java.util.Set<String> union = new LinkedHashSet<>(x.values());
			union.addAll(y.values());
			return new Value.SS(union);
		}
		if (existing instanceof Value.NS x && value instanceof Value.NS y) {
			java.util.Set<BigDecimal> union = new LinkedHashSet<>(x.values());
			union.addAll(y.values());
			return new Value.NS(union);
		}
		if (existing instanceof Value.BS x && value instanceof Value.BS y) {
			java.util.Set<Value.B> union = new LinkedHashSet<>(x.values());
			union.addAll(y.values());
			return new Value.BS(union);
		}
		throw incorrectType();
	}

	/** DELETE: set difference; {@code null} when nothing remains. */
	static @Nullable Value subtract(Value existing, Value value) {
		if (existing instanceof Value.SS x && value instanceof Value.SS y) {
			java.util.Set<String> rest = new LinkedHashSet<>(x.values());
			rest.removeAll(y.values());
			return rest.isEmpty() ? null : new Value.SS(rest);
		}
		if (existing instanceof Value.NS x && value instanceof Value.NS y) {
			java.util.Set<BigDecimal> rest = new LinkedHashSet<>(x.values());
			rest.removeAll(y.values());
			return rest.isEmpty() ? null : new Value.NS(rest);
		}
		if (existing instanceof Value.BS x && value instanceof Value.BS y) {
			java.util.Set<Value.B> rest = new LinkedHashSet<>(x.values());
			rest.removeAll(y.values());
			return rest.isEmpty() ? null : new Value.BS(rest);
		}
		throw incorrectType();
	}

	// ---------------------------------------------------------------- copy-on-write document edits

	static void put(Map<String, Value> item, Path path, Value value) {
		String name = path.topLevel();
		if (path.length() == 1) {
			item.put(name, value);
			return;
		}
		Value top = item.get(name);
		if (top == null) {
			throw invalidPath();
		}
		item.put(name, putIn(top, path, 1, value));
	}

	private static Value putIn(Value container, Path path, int i, Value value) {
		Object element = path.element(i);
		boolean last = i == path.length() - 1;
		if (element instanceof String key) {
			if (!(container instanceof Value.M m)) {
				throw invalidPath();
			}
			Value newChild = value;
			if (!last) {
				Value child = m.values().get(key);
				if (child == null) {
					throw invalidPath();
				}
				newChild = putIn(child, path, i + 1, value);
			}
			Map<String, Value> copy = new LinkedHashMap<>(m.values());
			copy.put(key, newChild);
			return new Value.M(copy);
		}
		int index = (Integer) element;
		if (!(container instanceof Value.L l)) {
			throw invalidPath();
		}
		List<Value> copy = new ArrayList<>(l.values());
		if (last) {
			if (index < copy.size()) {
				copy.set(index, value);
			}
			else {
				copy.add(value);
			}
		}
		else {
			if (index >= copy.size()) {
				throw invalidPath();
			}
			copy.set(index, putIn(copy.get(index), path, i + 1, value));
		}
		return new Value.L(copy);
	}

	static void remove(Map<String, Value> item, Path path) {
		String name = path.topLevel();
		if (path.length() == 1) {
			item.remove(name);
			return;
		}
		Value top = item.get(name);
		if (top == null) {
			return;
		}
		Value updated = removeIn(top, path, 1);
		if (updated != top) {
			item.put(name, updated);
		}
	}

	/** Returns the container without the path's target, or the same instance when there is nothing to remove. */
	private static Value removeIn(Value container, Path path, int i) {
		Object element = path.element(i);
		boolean last = i == path.length() - 1;
		if (element instanceof String key) {
			if (!(container instanceof Value.M m)) {
				throw invalidPath();
			}
			Value child = m.values().get(key);
			if (child == null) {
				return container;
			}
			Map<String, Value> copy = new LinkedHashMap<>(m.values());
			if (last) {
				copy.remove(key);
			}
			else {
				Value updated = removeIn(child, path, i + 1);
				if (updated == child) {
					return container;
				}
				copy.put(key, updated);
			}
			return new Value.M(copy);
		}
		int index = (Integer) element;
		if (!(container instanceof Value.L l)) {
			throw invalidPath();
		}
		if (index >= l.values().size()) {
			return container;
		}
		List<Value> copy = new ArrayList<>(l.values());
		if (last) {
			copy.remove(index);
		}
		else {
			Value child = copy.get(index);
			Value updated = removeIn(child, path, i + 1);
			if (updated == child) {
				return container;
			}
			copy.set(index, updated);
		}
		return new Value.L(copy);
	}

}
