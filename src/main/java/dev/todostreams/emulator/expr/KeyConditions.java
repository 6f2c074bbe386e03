package dev.todostreams.emulator.expr;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.expr.KeyCondition.RangeOperator;
import dev.todostreams.emulator.expr.Nodes.Operand;
import dev.todostreams.emulator.value.Value;

/** Turns a parsed condition tree into a {@link KeyCondition}, refusing what Query does not support. */
final class KeyConditions {

	private KeyConditions() {
	}

	/** One key condition: attribute, operator and values. */
	record Part(String name, RangeOperator operator, List<Value> values) {
	}

	static KeyCondition fromTree(Condition tree) {
		List<Part> parts = new ArrayList<>(2);
		collect(tree, parts);
		return build(parts);
	}

	static KeyCondition build(List<Part> parts) {
		if (parts.size() > 2) {
			throw AwsException.validation("Conditions can be of length 1 or 2 only");
		}
		Part hash = null;
		Part range = null;
		for (Part part : parts) {
			if (hash == null && part.operator() == RangeOperator.EQ) {
				hash = part;
			}
			else {
				range = part;
			}
		}
		if (hash == null) {
			throw AwsException.validation("Query key condition not supported");
		}
		if (range != null && range.name().equals(hash.name())) {
			throw AwsException.validation("KeyConditionExpressions must only contain one condition per key");
		}
		if (range == null) {
			return new KeyCondition(hash.name(), hash.values().get(0), null, null, List.of());
		}
		return new KeyCondition(hash.name(), hash.values().get(0), range.name(), range.operator(), range.values());
	}

	private static AwsException operator(String name) {
		return AwsException.validation("Invalid operator used in KeyConditionExpression: " + name);
	}

	private static AwsException invalidCondition(String message) {
		return AwsException.validation("Invalid condition in KeyConditionExpression: " + message);
	}

	private static void collect(Condition node, List<Part> parts) {
		if (node instanceof Nodes.And and) {
			collect(and.left, parts);
			collect(and.right, parts);
			return;
		}
		if (node instanceof Nodes.Or) {
			throw operator("OR");
		}
		if (node instanceof Nodes.Not) {
			throw operator("NOT");
		}
		if (node instanceof Nodes.In) {
			throw operator("IN");
		}
		Part part;
		if (node instanceof Nodes.Compare compare) {
			if (compare.comparator == Nodes.Comparator.NE) {
				throw operator("<>");
			}
			RangeOperator op = RangeOperator.valueOf(compare.comparator.name());
			int keyAt = keyOperand(compare.left, compare.right);
			if (keyAt == 0) {
				part = new Part(keyName(compare.left), op, List.of(constant(compare.right)));
			}
			else {
				part = new Part(keyName(compare.right), flip(op), List.of(constant(compare.left)));
			}
		}
		else if (node instanceof Nodes.Between between) {
			if (keyOperand(between.operand, between.low, between.high) != 0) {
				throw invalidCondition("BETWEEN operator must have the key attribute as its first operand");
			}
			part = new Part(keyName(between.operand), RangeOperator.BETWEEN,
					List.of(constant(between.low), constant(between.high)));
		}
		else {
			Nodes.Function function = (Nodes.Function) node;
			if (!function.name.equals("begins_with")) {
				throw operator(function.name);
			}
			if (keyOperand(function.first, function.second) != 0) {
				throw invalidCondition("begins_with operator must have the key attribute as its first operand");
			}
			part = new Part(keyName(function.first), RangeOperator.BEGINS_WITH, List.of(constant(function.second)));
		}
		for (Part existing : parts) {
			if (existing.name().equals(part.name())) {
				throw AwsException.validation("KeyConditionExpressions must only contain one condition per key");
			}
		}
		parts.add(part);
	}

	/** The position of the single key attribute among the operands of one condition. */
	private static int keyOperand(@Nullable Operand... operands) {
		int at = -1;
		for (int i = 0; i < operands.length; i++) {
			Operand operand = operands[i];
			if (operand instanceof Nodes.Size) {
				throw AwsException.validation("KeyConditionExpressions cannot contain nested operations");
			}
			if (operand instanceof Nodes.PathOperand p) {
				if (at >= 0) {
					throw invalidCondition("Multiple attribute names used in one condition");
				}
				if (p.path.length() > 1) {
					throw AwsException.validation("KeyConditionExpressions cannot have conditions on nested attributes");
				}
				at = i;
			}
		}
		if (at < 0) {
			throw invalidCondition("No key attribute specified");
		}
		return at;
	}

	private static RangeOperator flip(RangeOperator op) {
		return switch (op) {
			case LT -> RangeOperator.GT;
			case LE -> RangeOperator.GE;
			case GT -> RangeOperator.LT;
			case GE -> RangeOperator.LE;
			default -> op;
		};
	}

	private static String keyName(@Nullable Operand operand) {
		return ((Nodes.PathOperand) operand).path.topLevel();
	}

	private static Value constant(@Nullable Operand operand) {
		return ((Nodes.Constant) operand).value;
	}

}
