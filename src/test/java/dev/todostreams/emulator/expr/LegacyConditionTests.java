package dev.todostreams.emulator.expr;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.value.Value;

import static dev.todostreams.emulator.expr.TestSupport.assertValidation;
import static dev.todostreams.emulator.expr.TestSupport.item;
import static dev.todostreams.emulator.expr.TestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

class LegacyConditionTests {

	private static final Map<String, Value> ITEM = item("{'id':{'S':'a'},'n':{'N':'5'},'s':{'S':'hello'},"
			+ "'ss':{'SS':['x','y']},'b':{'B':'AQID'},'l':{'L':[{'S':'x'}]}}");

	private static boolean expected(String json) {
		return Expressions.expected(object(json), null).test(ITEM);
	}

	private static boolean op(String attribute, String operator, String args) {
		return Expressions.legacyFilter(object("{'" + attribute + "':{'ComparisonOperator':'" + operator
				+ "','AttributeValueList':" + args + "}}"), null).test(ITEM);
	}

	@Test
	void valueMeansExistsAndEquals() {
		assertThat(expected("{'n':{'Value':{'N':'5'}}}")).isTrue();
		assertThat(expected("{'n':{'Value':{'N':'6'}}}")).isFalse();
		assertThat(expected("{'nope':{'Value':{'N':'5'}}}")).isFalse();
		assertThat(expected("{'n':{'Exists':true,'Value':{'N':'5'}}}")).isTrue();
	}

	@Test
	void existsFalseMeansAbsent() {
		assertThat(expected("{'nope':{'Exists':false}}")).isTrue();
		assertThat(expected("{'n':{'Exists':false}}")).isFalse();
		assertThat(Expressions.expected(object("{'id':{'Exists':false}}"), null).test(Map.of())).isTrue();
	}

	@Test
	void existsAndValueMisuse() {
		assertValidation(() -> expected("{'n':{'Exists':true}}"), "Value must be provided when Exists is true for Attribute: n");
		assertValidation(() -> expected("{'n':{'Exists':false,'Value':{'N':'5'}}}"),
				"Value cannot be used when Exists is false for Attribute: n");
		assertValidation(() -> expected("{'n':{}}"), "Value must be provided when Exists is null for Attribute: n");
		assertValidation(() -> expected("{'n':{'Value':{'N':'5'},'ComparisonOperator':'EQ','AttributeValueList':[{'N':'5'}]}}"),
				"Value and AttributeValueList cannot be used together for Attribute: n");
		assertValidation(() -> expected("{'n':{'Exists':true,'ComparisonOperator':'LT'}}"),
				"Exists and ComparisonOperator cannot be used together for Attribute: n");
		assertValidation(() -> expected("{'n':{'ComparisonOperator':'LT'}}"),
				"Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: n");
		assertValidation(() -> expected("{'n':{'ComparisonOperator':'NULL','Value':{'S':'a'}}}"),
				"Invalid number of argument(s) for the NULL ComparisonOperator");
		assertValidation(() -> expected("{'n':{'Exists':true,'AttributeValueList':[{'N':'5'}]}}"),
				"AttributeValueList can only be used with a ComparisonOperator for Attribute: n");
		assertValidation(() -> expected("{'n':{'AttributeValueList':[{'N':'5'}]}}"),
				"AttributeValueList can only be used with a ComparisonOperator");
	}

	@Test
	void conditionalOperator() {
		Map<String, Object> two = object("{'n':{'Value':{'N':'5'}},'s':{'Value':{'S':'nope'}}}");
		assertThat(Expressions.expected(two, null).test(ITEM)).isFalse();
		assertThat(Expressions.expected(two, "AND").test(ITEM)).isFalse();
		assertThat(Expressions.expected(two, "OR").test(ITEM)).isTrue();
		assertValidation(() -> Expressions.expected(two, "XOR"), "conditionalOperator");
		assertThat(Expressions.expected(object("{}"), null).test(ITEM)).isTrue();
	}

	@Test
	void comparisonOperatorsInExpected() {
		assertThat(expected("{'n':{'ComparisonOperator':'GT','AttributeValueList':[{'N':'4'}]}}")).isTrue();
		assertThat(expected("{'n':{'ComparisonOperator':'NULL'}}")).isFalse();
		assertThat(expected("{'n':{'ComparisonOperator':'LT','Value':{'N':'6'}}}")).isTrue();
	}

	@Test
	void equalityOperators() {
		assertThat(op("n", "EQ", "[{'N':'5'}]")).isTrue();
		assertThat(op("n", "EQ", "[{'S':'5'}]")).isFalse();
		assertThat(op("ss", "EQ", "[{'SS':['y','x']}]")).isTrue();
		assertThat(op("n", "NE", "[{'N':'4'}]")).isTrue();
		assertThat(op("n", "NE", "[{'N':'5'}]")).isFalse();
		assertThat(op("nope", "NE", "[{'N':'5'}]")).isTrue();
	}

	@Test
	void orderingOperators() {
		assertThat(op("n", "LT", "[{'N':'6'}]")).isTrue();
		assertThat(op("n", "LE", "[{'N':'5'}]")).isTrue();
		assertThat(op("n", "GT", "[{'N':'5'}]")).isFalse();
		assertThat(op("n", "GE", "[{'N':'5'}]")).isTrue();
		assertThat(op("s", "GT", "[{'S':'a'}]")).isTrue();
		assertThat(op("s", "GT", "[{'N':'1'}]")).isFalse();
		assertThat(op("nope", "LT", "[{'N':'1'}]")).isFalse();
	}

	@Test
	void nullAndNotNull() {
		assertThat(op("n", "NOT_NULL", "[]")).isTrue();
		assertThat(op("nope", "NOT_NULL", "[]")).isFalse();
		assertThat(op("nope", "NULL", "[]")).isTrue();
		assertThat(Expressions.legacyFilter(object("{'n':{'ComparisonOperator':'NOT_NULL'}}"), null).test(ITEM)).isTrue();
	}

	@Test
	void containsAndNotContains() {
		assertThat(op("s", "CONTAINS", "[{'S':'ell'}]")).isTrue();
		assertThat(op("ss", "CONTAINS", "[{'S':'x'}]")).isTrue();
		assertThat(op("ss", "CONTAINS", "[{'S':'q'}]")).isFalse();
		assertThat(op("l", "CONTAINS", "[{'S':'x'}]")).isTrue();
		assertThat(op("ss", "NOT_CONTAINS", "[{'S':'q'}]")).isTrue();
		assertThat(op("s", "NOT_CONTAINS", "[{'S':'ell'}]")).isFalse();
		assertThat(op("nope", "NOT_CONTAINS", "[{'S':'q'}]")).isFalse();
	}

	@Test
	void beginsWithInAndBetween() {
		assertThat(op("s", "BEGINS_WITH", "[{'S':'he'}]")).isTrue();
		assertThat(op("b", "BEGINS_WITH", "[{'B':'AQ=='}]")).isTrue();
		assertThat(op("n", "IN", "[{'N':'1'},{'N':'5'}]")).isTrue();
		assertThat(op("n", "IN", "[{'N':'1'}]")).isFalse();
		assertThat(op("n", "BETWEEN", "[{'N':'1'},{'N':'5'}]")).isTrue();
		assertThat(op("n", "BETWEEN", "[{'N':'6'},{'N':'9'}]")).isFalse();
	}

	@Test
	void argumentErrors() {
		assertValidation(() -> op("n", "EQ", "[]"), "Invalid number of argument(s) for the EQ ComparisonOperator");
		assertValidation(() -> op("n", "NULL", "[{'N':'1'}]"), "Invalid number of argument(s) for the NULL ComparisonOperator");
		assertValidation(() -> op("n", "BETWEEN", "[{'N':'1'}]"), "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
		assertValidation(() -> op("n", "IN", "[]"), "Invalid number of argument(s) for the IN ComparisonOperator");
		assertValidation(() -> op("n", "LT", "[{'SS':['a']}]"), "ComparisonOperator LT is not valid for SS AttributeValue type");
		assertValidation(() -> op("n", "BEGINS_WITH", "[{'N':'1'}]"), "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
		assertValidation(() -> op("n", "BETWEEN", "[{'N':'5'},{'N':'1'}]"), "lower bound is greater than the upper bound");
		assertValidation(() -> op("n", "BETWEEN", "[{'N':'5'},{'S':'1'}]"), "must be of same type");
		assertValidation(() -> op("n", "LIKE", "[{'N':'5'}]"), "comparisonOperator", "failed to satisfy constraint");
		assertValidation(() -> Expressions.legacyFilter(object("{'n':{'AttributeValueList':[]}}"), null), "ComparisonOperator is required");
	}

}
