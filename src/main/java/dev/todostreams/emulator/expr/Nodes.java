package dev.todostreams.emulator.expr;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.value.Value;

/** The evaluation tree of condition expressions. */
final class Nodes {

	private Nodes() {
	}

	/** An operand of a condition: a path, a constant or {@code size(path)}. */
	interface Operand {

		@Nullable Value eval(Map<String, Value> item);

	}

	static final class PathOperand implements Operand {

		final Path path;

		PathOperand(Path path) {
			this.path = path;
		}

		@Override
		public @Nullable Value eval(Map<String, Value> item) {
			return this.path.get(item);
		}

	}

	static final class Constant implements Operand {

		final Value value;

		Constant(Value value) {
			this.value = value;
		}

		@Override
		public Value eval(Map<String, Value> item) {
			return this.value;
		}

	}

	static final class Size implements Operand {

		final Path path;

		Size(Path path) {
			this.path = path;
		}

		@Override
		public @Nullable Value eval(Map<String, Value> item) {
			return Ops.size(this.path.get(item));
		}

	}

	enum Comparator {

		EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

		final String symbol;

		Comparator(String symbol) {
			this.symbol = symbol;
		}

		Comparator flip() {
			return switch (this) {
				case LT -> GT;
				case LE -> GE;
				case GT -> LT;
				case GE -> LE;
				default -> this;
			};
		}

	}

	static final class Compare implements Condition {

		final Comparator comparator;

		final Operand left;

		final Operand right;

		Compare(Comparator comparator, Operand left, Operand right) {
			this.comparator = comparator;
			this.left = left;
			this.right = right;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			Value a = this.left.eval(item);
			Value b = this.right.eval(item);
			switch (this.comparator) {
				case EQ:
					return Ops.equal(a, b);
				case NE:
					return !Ops.equal(a, b);
				default:
					Integer order = Ops.order(a, b);
					if (order == null) {
						return false;
					}
					int c = order;
					return switch (this.comparator) {
						case LT -> c < 0;
						case LE -> c <= 0;
						case GT -> c > 0;
						default -> c >= 0;
					};
			}
		}

	}

	static final class Between implements Condition {

		final Operand operand;

		final Operand low;

		final Operand high;

		Between(Operand operand, Operand low, Operand high) {
			this.operand = operand;
			this.low = low;
			this.high = high;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			Value v = this.operand.eval(item);
			Integer lo = Ops.order(v, this.low.eval(item));
			if (lo == null || lo < 0) {
				return false;
			}
			Integer hi = Ops.order(v, this.high.eval(item));
			return hi != null && hi <= 0;
		}

	}

	static final class In implements Condition {

		final Operand operand;

		final Operand[] candidates;

		In(Operand operand, Operand[] candidates) {
			this.operand = operand;
			this.candidates = candidates;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			Value v = this.operand.eval(item);
			if (v == null) {
				return false;
			}
			for (Operand candidate : this.candidates) {
				if (v.equals(candidate.eval(item))) {
					return true;
				}
			}
			return false;
		}

	}

	static final class And implements Condition {

		final Condition left;

		final Condition right;

		And(Condition left, Condition right) {
			this.left = left;
			this.right = right;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			return this.left.test(item) && this.right.test(item);
		}

	}

	static final class Or implements Condition {

		final Condition left;

		final Condition right;

		Or(Condition left, Condition right) {
			this.left = left;
			this.right = right;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			return this.left.test(item) || this.right.test(item);
		}

	}

	static final class Not implements Condition {

		final Condition condition;

		Not(Condition condition) {
			this.condition = condition;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			return !this.condition.test(item);
		}

	}

	/** A function returning a boolean: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
	static final class Function implements Condition {

		final String name;

		final Operand first;

		final @Nullable Operand second;

		Function(String name, Operand first, @Nullable Operand second) {
			this.name = name;
			this.first = first;
			this.second = second;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			Value v = this.first.eval(item);
			switch (this.name) {
				case "attribute_exists":
					return v != null;
				case "attribute_not_exists":
					return v == null;
				case "attribute_type":
					Value type = this.second.eval(item);
					return v != null && type instanceof Value.S s && s.value().equals(v.type());
				case "begins_with":
					return Ops.beginsWith(v, this.second.eval(item));
				default:
					return Ops.contains(v, this.second.eval(item));
			}
		}

	}

}
