package dev.todostreams.emulator.expr;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.AwsException;
import dev.todostreams.emulator.expr.KeyCondition.RangeOperator;
import dev.todostreams.emulator.expr.Nodes.Operand;
import dev.todostreams.emulator.value.Value;

/** Turns a parsed condition tree into a {@link KeyCondition}, refusing what Query does not support. */
final class KeyConditions {

	private static final String KIND = "KeyConditionExpression";

	private KeyConditions() {
	}

	/** One key condition: attribute, operator and values. */
	record Part(String name, RangeOperator operator, List<Value> values) {
	}

	static KeyCondition fromTree(Condition tree) {
		List<Part> parts = new ArrayList<>(2);
		collect(tree, parts);
		return build(parts, KIND);
	}

	static KeyCondition build(List<Part> parts, @Nullable String kind) {
		if (parts.size() > 2) {
			throw invalid(kind, "Conditions can be of length 1 or 2 only");
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
			throw invalid(kind, "KeyConditionExpressions must only contain one condition per key");
		}
		if (range == null) {
			return new KeyCondition(hash.name(), hash.values().get(0), null, null, List.of());
		}
		return new KeyCondition(hash.name(), hash.values().get(0), range.name(), range.operator(), range.values());
	}

	private static AwsException invalid(@Nullable String kind, String message) {
		return AwsException.validation((kind != null) ? "Invalid " + kind + ": " + message : message);
	}

	private static AwsException operator(String name) {
		return invalid(KIND, "Invalid operator used in KeyConditionExpression: " + name);
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
		if (parts.size() == 2) {
			throw invalid(KIND, "Conditions can be of length 1 or 2 only");
		}
		if (node instanceof Nodes.Compare compare) {
			if (compare.comparator == Nodes.Comparator.NE) {
				throw operator("<>");
			}
			RangeOperator op = RangeOperator.valueOf(compare.comparator.name());
			if (compare.left instanceof Nodes.Constant && !(compare.right instanceof Nodes.Constant)) {
				parts.add(new Part(keyName(compare.right), flip(op), List.of(constant(compare.left))));
			}
			else {
				parts.add(new Part(keyName(compare.left), op, List.of(constant(compare.right))));
			}
			return;
		}
		if (node instanceof Nodes.Between between) {
			parts.add(new Part(keyName(between.operand), RangeOperator.BETWEEN,
					List.of(constant(between.low), constant(between.high))));
			return;
		}
		Nodes.Function function = (Nodes.Function) node;
		if (!function.name.equals("begins_with")) {
			throw operator(function.name);
		}
		parts.add(new Part(keyName(function.first), RangeOperator.BEGINS_WITH, List.of(constant(function.second))));
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

	private static String keyName(Operand operand) {
		if (operand instanceof Nodes.Size) {
			throw operator("size");
		}
		if (!(operand instanceof Nodes.PathOperand p)) {
			throw invalid(KIND, "Invalid condition in KeyConditionExpression: No key attribute specified");
		}
		if (p.path.length() > 1) {
			throw invalid(KIND, "KeyConditionExpressions cannot have conditions on nested attributes");
		}
		return p.path.topLevel();
	}

	private static Value constant(Operand operand) {
		if (operand instanceof Nodes.Constant c) {
			return c.value;
		}
		if (operand instanceof Nodes.Size) {
			throw operator("size");
		}
		throw invalid(KIND, "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
	}

}
