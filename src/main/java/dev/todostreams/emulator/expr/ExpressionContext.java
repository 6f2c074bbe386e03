package dev.todostreams.emulator.expr;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.value.Value;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request. Every expression of the
 * request is parsed with the same context, which records which placeholders were used so that
 * {@link #checkAllUsed()} can reject unused ones as DynamoDB does.
 */
public final class ExpressionContext {

	private final Map<String, String> names;

	private final Map<String, Value> values;

	private final Set<String> usedNames = new HashSet<>();

	private final Set<String> usedValues = new HashSet<>();

	public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
		for (String key : names.keySet()) {
			if (key.length() < 2 || key.charAt(0) != '#') {
				throw AwsException.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
			}
		}
		for (String key : values.keySet()) {
			if (key.length() < 2 || key.charAt(0) != ':') {
				throw AwsException.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
			}
		}
		this.names = names;
		this.values = values;
	}

	/** A context without placeholders. */
	public static ExpressionContext empty() {
		return new ExpressionContext(Map.of(), Map.of());
	}

	/** Resolves a {@code #name} placeholder, marking it used. */
	String name(String placeholder, String kind) {
		String name = this.names.get(placeholder);
		if (name == null) {
			throw AwsException.validation("Invalid " + kind
					+ ": An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
		}
		this.usedNames.add(placeholder);
		return name;
	}

	/** Resolves a {@code :value} placeholder, marking it used. */
	Value value(String placeholder, String kind) {
		Value value = this.values.get(placeholder);
		if (value == null) {
			throw AwsException.validation("Invalid " + kind
					+ ": An expression attribute value used in expression is not defined; attribute value: " + placeholder);
		}
		this.usedValues.add(placeholder);
		return value;
	}

	/** Throws ValidationException naming unused placeholders, e.g. "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}". */
	public void checkAllUsed() {
		String unusedNames = unused(this.names.keySet(), this.usedNames);
		if (unusedNames != null) {
			throw AwsException.validation(
					"Value provided in ExpressionAttributeNames unused in expressions: keys: {" + unusedNames + "}");
		}
		String unusedValues = unused(this.values.keySet(), this.usedValues);
		if (unusedValues != null) {
			throw AwsException.validation(
					"Value provided in ExpressionAttributeValues unused in expressions: keys: {" + unusedValues + "}");
		}
	}

	private static @Nullable String unused(Set<String> defined, Set<String> used) {
		if (used.size() == defined.size()) {
			return null;
		}
		StringJoiner joiner = new StringJoiner(", ");
		for (String key : defined) {
			if (!used.contains(key)) {
				joiner.add(key);
			}
		}
		return joiner.toString();
	}

}
