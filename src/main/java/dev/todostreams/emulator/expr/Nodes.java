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

		final Operand operand;

		Size(Operand operand) {
			this.operand = operand;
		}

		@Override
		public @Nullable Value eval(Map<String, Value> item) {
			return Ops.size(this.operand.eval(item));
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

		private static final int EXISTS = 0;

		private static final int NOT_EXISTS = 1;

		private static final int TYPE = 2;

		private static final int BEGINS_WITH = 3;

		private static final int CONTAINS = 4;

		final String name;

		final Operand first;

		final @Nullable Operand second;

		private final int code;

		Function(String name, Operand first, @Nullable Operand second) {
			this.name = name;
			this.first = first;
			this.second = second;
			this.code = switch (name) {
				case "attribute_exists" -> EXISTS;
				case "attribute_not_exists" -> NOT_EXISTS;
				case "attribute_type" -> TYPE;
				case "begins_with" -> BEGINS_WITH;
				case "contains" -> CONTAINS;
				default -> throw new IllegalArgumentException(name);
			};
		}

		@Override
		public boolean test(Map<String, Value> item) {
			Value v = this.first.eval(item);
			switch (this.code) {
				case EXISTS:
					return v != null;
				case NOT_EXISTS:
					return v == null;
				case TYPE:
					return v != null && this.second.eval(item) instanceof Value.S s && s.value().equals(v.type());
				case BEGINS_WITH:
					return Ops.beginsWith(v, this.second.eval(item));
				default:
					return Ops.contains(v, this.second.eval(item));
			}
		}

	}

}
