package dev.todostreams.emulator.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.expr.KeyCondition.RangeOperator;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

/** The legacy request forms: Expected, QueryFilter / ScanFilter, AttributeUpdates, KeyConditions, AttributesToGet. */
final class Legacy {

	private static final String INVALID = "One or more parameter values were invalid: ";

	private Legacy() {
	}

	enum Operator {
		EQ, NE, LE, LT, GE, GT, NOT_NULL, NULL, CONTAINS, NOT_CONTAINS, BEGINS_WITH, IN, BETWEEN
	}

	/** One attribute test of the legacy condition forms. */
	static final class Test implements Condition {

		final String name;

		final Operator operator;

		final Value[] args;

		Test(String name, Operator operator, Value[] args) {
			this.name = name;
			this.operator = operator;
			this.args = args;
		}

		@Override
		public boolean test(Map<String, Value> item) {
			Value v = item.get(this.name);
			switch (this.operator) {
				case EQ:
					return Ops.equal(v, this.args[0]);
				case NE:
					return !Ops.equal(v, this.args[0]);
				case NOT_NULL:
					return v != null;
				case NULL:
					return v == null;
				case CONTAINS:
					return Ops.contains(v, this.args[0]);
				case NOT_CONTAINS:
					return v != null && !Ops.contains(v, this.args[0]);
				case BEGINS_WITH:
					return Ops.beginsWith(v, this.args[0]);
				case IN:
					if (v != null) {
						for (Value arg : this.args) {
							if (v.equals(arg)) {
								return true;
							}
						}
					}
					return false;
				case BETWEEN:
					Integer low = Ops.order(v, this.args[0]);
					Integer high = Ops.order(v, this.args[1]);
					return low != null && high != null && low >= 0 && high <= 0;
				default:
					Integer order = Ops.order(v, this.args[0]);
					if (order == null) {
						return false;
					}
					return switch (this.operator) {
						case LE -> order <= 0;
						case LT -> order < 0;
						case GE -> order >= 0;
						default -> order > 0;
					};
			}
		}

	}

	static Condition expected(Map<String, Object> expected, @Nullable String conditionalOperator) {
		boolean or = conditionalOperator(conditionalOperator);
		List<Condition> tests = new ArrayList<>(expected.size());
		for (Map.Entry<String, Object> e : expected.entrySet()) {
			String name = e.getKey();
			Map<String, Object> spec = object(e.getValue(), "Expected." + name);
			Object op = spec.get("ComparisonOperator");
			Object exists = spec.get("Exists");
			Object value = spec.get("Value");
			if (op != null) {
				if (exists != null) {
					throw AwsException.validation(INVALID
							+ "Exists and ComparisonOperator cannot be used together for Attribute: " + name);
				}
				if (value != null && spec.get("AttributeValueList") != null) {
					throw AwsException.validation(INVALID
							+ "Value and AttributeValueList cannot be used together for Attribute: " + name);
				}
				tests.add(test(name, spec, "Expected"));
				continue;
			}
			if (spec.get("AttributeValueList") != null) {
				throw AwsException.validation(INVALID
						+ "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
			}
			if (exists != null && !(exists instanceof Boolean)) {
				throw AwsException.serialization("Unexpected value type for Expected." + name + ".Exists: expected a boolean");
			}
			if (Boolean.FALSE.equals(exists)) {
				if (value != null) {
					throw AwsException.validation(INVALID + "Value cannot be used when Exists is false for Attribute: " + name);
				}
				tests.add(new Test(name, Operator.NULL, new Value[0]));
				continue;
			}
			if (value == null) {
				throw AwsException.validation(INVALID + "Value must be provided when Exists is "
						+ ((exists == null) ? "null" : "true") + " for Attribute: " + name);
			}
			tests.add(new Test(name, Operator.EQ, new Value[] { Values.value(value, "Expected." + name + ".Value") }));
		}
		return combine(tests, or);
	}

	static Condition filter(Map<String, Object> filter, @Nullable String conditionalOperator, String field) {
		boolean or = conditionalOperator(conditionalOperator);
		List<Condition> tests = new ArrayList<>(filter.size());
		for (Map.Entry<String, Object> e : filter.entrySet()) {
			tests.add(test(e.getKey(), object(e.getValue(), field + "." + e.getKey()), field));
		}
		return combine(tests, or);
	}

	private static boolean conditionalOperator(@Nullable String conditionalOperator) {
		if (conditionalOperator == null || conditionalOperator.equals("AND")) {
			return false;
		}
		if (conditionalOperator.equals("OR")) {
			return true;
		}
		throw AwsException.validation("1 validation error detected: Value '" + conditionalOperator
				+ "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
	}

	private static Condition combine(List<Condition> tests, boolean or) {
		if (tests.isEmpty()) {
			return item -> true;
		}
		Condition[] all = tests.toArray(new Condition[0]);
		if (all.length == 1) {
			return all[0];
		}
		if (or) {
			return item -> {
				for (Condition c : all) {
					if (c.test(item)) {
						return true;
					}
				}
				return false;
			};
		}
		return item -> {
			for (Condition c : all) {
				if (!c.test(item)) {
					return false;
				}
			}
			return true;
		};
	}

	/** Reads {"ComparisonOperator": ..., "AttributeValueList": [...]} and checks its arguments. */
	static Test test(String name, Map<String, Object> spec, String field) {
		Object rawOp = spec.get("ComparisonOperator");
		if (!(rawOp instanceof String opName)) {
			throw AwsException.validation(INVALID + "ComparisonOperator is required for Attribute: " + name);
		}
		Operator op;
		try {
			op = Operator.valueOf(opName);
		}
		catch (IllegalArgumentException ex) {
			throw AwsException.validation("1 validation error detected: Value '" + opName + "' at '" + field + "." + name
					+ ".member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
					+ "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
		}
		Object rawList = spec.get("AttributeValueList");
		List<Value> args = new ArrayList<>();
		if (rawList != null) {
			if (!(rawList instanceof List<?> list)) {
				throw AwsException.serialization("Unexpected value type for " + field + "." + name
						+ ".AttributeValueList: expected a list");
			}
			for (int i = 0; i < list.size(); i++) {
				args.add(Values.value(list.get(i), field + "." + name + ".AttributeValueList[" + i + "]"));
			}
		}
		Object single = spec.get("Value");
		if (single != null) {
			args.add(Values.value(single, field + "." + name + ".Value"));
		}
		else if (rawList == null && field.equals("Expected") && op != Operator.NULL && op != Operator.NOT_NULL) {
			throw AwsException.validation(INVALID + "Value or AttributeValueList must be used with ComparisonOperator: " + op
					+ " for Attribute: " + name);
		}
		boolean countOk = switch (op) {
			case NULL, NOT_NULL -> args.isEmpty();
			case BETWEEN -> args.size() == 2;
			case IN -> !args.isEmpty();
			default -> args.size() == 1;
		};
		if (!countOk) {
			throw AwsException.validation(INVALID + "Invalid number of argument(s) for the " + op + " ComparisonOperator");
		}
		for (Value arg : args) {
			boolean typeOk = switch (op) {
				case LE, LT, GE, GT, BETWEEN, IN, CONTAINS, NOT_CONTAINS -> Ops.isScalar(arg);
				case BEGINS_WITH -> arg instanceof Value.S || arg instanceof Value.B;
				default -> true;
			};
			if (!typeOk) {
				throw AwsException.validation(INVALID + "ComparisonOperator " + op + " is not valid for " + arg.type()
						+ " AttributeValue type");
			}
		}
		if (op == Operator.BETWEEN) {
			Integer order = Ops.order(args.get(0), args.get(1));
			if (order == null) {
				throw AwsException.validation(INVALID + "AttributeValues inside AttributeValueList must be of same type");
			}
			if (order > 0) {
				throw AwsException.validation(INVALID
						+ "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
			}
		}
		return new Test(name, op, args.toArray(new Value[0]));
	}

	// ---------------------------------------------------------------- AttributeUpdates

	static Update attributeUpdates(Map<String, Object> updates) {
		Map<String, String> actions = new LinkedHashMap<>();
		Map<String, @Nullable Value> values = new LinkedHashMap<>();
		for (Map.Entry<String, Object> e : updates.entrySet()) {
			String name = e.getKey();
			Map<String, Object> spec = object(e.getValue(), "AttributeUpdates." + name);
			Object rawAction = spec.get("Action");
			String action = (rawAction != null) ? rawAction.toString() : "PUT";
			if (!action.equals("PUT") && !action.equals("ADD") && !action.equals("DELETE")) {
				throw AwsException.validation("1 validation error detected: Value '" + action + "' at 'attributeUpdates."
						+ name + ".member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
			}
			Object rawValue = spec.get("Value");
			Value value = (rawValue != null) ? Values.value(rawValue, "AttributeUpdates." + name + ".Value") : null;
			if (value == null && !action.equals("DELETE")) {
				throw AwsException.validation(INVALID + "Only DELETE action is allowed when no attribute value is specified");
			}
			if (value != null && action.equals("ADD")
					&& !(value instanceof Value.N || value instanceof Value.L || Ops.isSet(value))) {
				throw AwsException.validation(INVALID + "ADD action is not supported for the type " + value.type());
			}
			if (value != null && action.equals("DELETE") && !Ops.isSet(value)) {
				throw AwsException.validation(INVALID + "DELETE action with value is not supported for the type "
						+ value.type());
			}
			actions.put(name, action);
			values.put(name, value);
		}
		Set<String> names = Collections.unmodifiableSet(new LinkedHashSet<>(actions.keySet()));
		return new Update() {

			@Override
			public Map<String, Value> apply(Map<String, Value> item) {
				Map<String, Value> result = new LinkedHashMap<>(item);
				for (Map.Entry<String, String> e : actions.entrySet()) {
					String name = e.getKey();
					Value value = values.get(name);
					Value existing = result.get(name);
					switch (e.getValue()) {
						case "PUT" -> result.put(name, value);
						case "ADD" -> result.put(name, legacyAdd(existing, value));
						default -> {
							if (value == null) {
								result.remove(name);
							}
							else if (existing != null) {
								Value rest = subtract(existing, value);
								if (rest == null) {
									result.remove(name);
								}
								else {
									result.put(name, rest);
								}
							}
						}
					}
				}
				return result;
			}

			@Override
			public Set<String> topLevelAttributes() {
				return names;
			}
		};
	}

	private static Value legacyAdd(@Nullable Value existing, Value value) {
		if (existing instanceof Value.L x && value instanceof Value.L y) {
			List<Value> joined = new ArrayList<>(x.values());
			joined.addAll(y.values());
			return new Value.L(joined);
		}
		try {
			return UpdateExpression.add(existing, value);
		}
		catch (AwsException ex) {
			if (ex.getMessage().startsWith("An operand")) {
				throw AwsException.validation("Type mismatch for attribute to update");
			}
			throw ex;
		}
	}

	private static @Nullable Value subtract(Value existing, Value value) {
		if (!existing.type().equals(value.type())) {
			throw AwsException.validation("Type mismatch for attribute to update");
		}
		return UpdateExpression.subtract(existing, value);
	}

	// ---------------------------------------------------------------- KeyConditions and AttributesToGet

	static KeyCondition keyConditions(Map<String, Object> keyConditions) {
		List<KeyConditions.Part> parts = new ArrayList<>(2);
		for (Map.Entry<String, Object> e : keyConditions.entrySet()) {
			Test test = test(e.getKey(), object(e.getValue(), "KeyConditions." + e.getKey()), "keyConditions");
			RangeOperator op = switch (test.operator) {
				case EQ -> RangeOperator.EQ;
				case LE -> RangeOperator.LE;
				case LT -> RangeOperator.LT;
				case GE -> RangeOperator.GE;
				case GT -> RangeOperator.GT;
				case BEGINS_WITH -> RangeOperator.BEGINS_WITH;
				case BETWEEN -> RangeOperator.BETWEEN;
				default -> throw AwsException.validation("Attempted conditional constraint is not an indexable operation");
			};
			parts.add(new KeyConditions.Part(test.name, op, List.of(test.args)));
		}
		if (parts.isEmpty()) {
			throw AwsException.validation("Conditions can be of length 1 or 2 only");
		}
		return KeyConditions.build(parts);
	}

	static Projection attributesToGet(List<Object> names) {
		if (names.isEmpty()) {
			throw AwsException.validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
					+ "constraint: Member must have length greater than or equal to 1");
		}
		Set<String> unique = new LinkedHashSet<>();
		for (Object o : names) {
			if (!(o instanceof String name)) {
				throw AwsException.serialization("Unexpected value type in AttributesToGet: expected a string");
			}
			if (!unique.add(name)) {
				throw AwsException.validation(INVALID + "Duplicate value in attribute name: " + name);
			}
		}
		String[] all = unique.toArray(new String[0]);
		return item -> {
			Map<String, Value> out = new LinkedHashMap<>();
			for (String name : all) {
				Value v = item.get(name);
				if (v != null) {
					out.put(name, v);
				}
			}
			return out;
		};
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(@Nullable Object json, String where) {
		if (!(json instanceof Map<?, ?>)) {
			throw AwsException.serialization("Unexpected value type for " + where + ": expected an object");
		}
		return (Map<String, Object>) json;
	}

}
