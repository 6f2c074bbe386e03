package dev.todostreams.emulator.expr;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.expr.KeyCondition.RangeOperator;
import dev.todostreams.emulator.value.Value;

import static dev.todostreams.emulator.expr.TestSupport.assertValidation;
import static dev.todostreams.emulator.expr.TestSupport.ctx;
import static dev.todostreams.emulator.expr.TestSupport.object;
import static dev.todostreams.emulator.expr.TestSupport.value;
import static dev.todostreams.emulator.expr.TestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

class KeyConditionTests {

	private static final String VALUES = "{':h':{'S':'h1'},':a':{'N':'1'},':b':{'N':'5'},':p':{'S':'ab'},':bin':{'B':'AQ=='}}";

	private static KeyCondition parse(String expression) {
		return Expressions.keyCondition(expression, values(VALUES));
	}

	@Test
	void hashKeyOnly() {
		KeyCondition kc = parse("pk = :h");
		assertThat(kc.hashName()).isEqualTo("pk");
		assertThat(kc.hashValue()).isEqualTo(new Value.S("h1"));
		assertThat(kc.rangeName()).isNull();
		assertThat(kc.operator()).isNull();
		assertThat(kc.matchesRange(new Value.N(java.math.BigDecimal.ONE))).isTrue();
		assertThat(kc.matchesRange(null)).isTrue();
	}

	@Test
	void hashAndRangeConditions() {
		assertThat(parse("pk = :h AND sk < :b").operator()).isEqualTo(RangeOperator.LT);
		assertThat(parse("pk = :h AND sk <= :b").operator()).isEqualTo(RangeOperator.LE);
		assertThat(parse("pk = :h AND sk > :b").operator()).isEqualTo(RangeOperator.GT);
		assertThat(parse("pk = :h and sk >= :b").operator()).isEqualTo(RangeOperator.GE);
		KeyCondition between = parse("pk = :h AND sk BETWEEN :a AND :b");
		assertThat(between.rangeName()).isEqualTo("sk");
		assertThat(between.operator()).isEqualTo(RangeOperator.BETWEEN);
		assertThat(between.rangeValues()).containsExactly(value("{'N':'1'}"), value("{'N':'5'}"));
		assertThat(parse("pk = :h AND begins_with(sk, :p)").operator()).isEqualTo(RangeOperator.BEGINS_WITH);
		assertThat(parse("(pk = :h) AND (sk = :a)").operator()).isEqualTo(RangeOperator.EQ);
	}

	@Test
	void eitherOrder() {
		KeyCondition kc = parse("sk > :a AND pk = :h");
		assertThat(kc.hashName()).isEqualTo("pk");
		assertThat(kc.rangeName()).isEqualTo("sk");
		KeyCondition flipped = parse(":h = pk AND :a < sk");
		assertThat(flipped.hashName()).isEqualTo("pk");
		assertThat(flipped.operator()).isEqualTo(RangeOperator.GT);
		assertThat(parse("pk = :h AND :b >= sk").operator()).isEqualTo(RangeOperator.LE);
	}

	@Test
	void placeholdersForReservedKeyNames() {
		KeyCondition kc = Expressions.keyCondition("#k = :h AND #d > :a",
				ctx("{'#k':'key','#d':'date'}", "{':h':{'S':'x'},':a':{'N':'1'}}"));
		assertThat(kc.hashName()).isEqualTo("key");
		assertThat(kc.rangeName()).isEqualTo("date");
	}

	@Test
	void matchesRange() {
		Value one = value("{'N':'1'}");
		Value three = value("{'N':'3'}");
		Value five = value("{'N':'5'}");
		assertThat(parse("pk = :h AND sk = :a").matchesRange(one)).isTrue();
		assertThat(parse("pk = :h AND sk = :a").matchesRange(three)).isFalse();
		assertThat(parse("pk = :h AND sk < :b").matchesRange(three)).isTrue();
		assertThat(parse("pk = :h AND sk < :b").matchesRange(five)).isFalse();
		assertThat(parse("pk = :h AND sk <= :b").matchesRange(five)).isTrue();
		assertThat(parse("pk = :h AND sk > :a").matchesRange(one)).isFalse();
		assertThat(parse("pk = :h AND sk >= :a").matchesRange(one)).isTrue();
		assertThat(parse("pk = :h AND sk BETWEEN :a AND :b").matchesRange(three)).isTrue();
		assertThat(parse("pk = :h AND sk BETWEEN :a AND :b").matchesRange(five)).isTrue();
		assertThat(parse("pk = :h AND sk BETWEEN :a AND :b").matchesRange(value("{'N':'6'}"))).isFalse();
		assertThat(parse("pk = :h AND sk BETWEEN :a AND :b").matchesRange(value("{'N':'0.5'}"))).isFalse();
		assertThat(parse("pk = :h AND begins_with(sk, :p)").matchesRange(value("{'S':'abc'}"))).isTrue();
		assertThat(parse("pk = :h AND begins_with(sk, :p)").matchesRange(value("{'S':'b'}"))).isFalse();
		assertThat(parse("pk = :h AND begins_with(sk, :bin)").matchesRange(value("{'B':'AQI='}"))).isTrue();
		assertThat(parse("pk = :h AND sk < :b").matchesRange(null)).isFalse();
		assertThat(parse("pk = :h AND sk < :b").matchesRange(value("{'S':'1'}"))).isFalse();
	}

	@Test
	void stringsOrderByUtf8Bytes() {
		KeyCondition kc = Expressions.keyCondition("pk = :h AND sk > :s", values("{':h':{'S':'x'},':s':{'S':'\uffff'}}"));
		assertThat(kc.matchesRange(new Value.S("\ud83d\ude00"))).isTrue();
	}

	@Test
	void refusesUnsupportedOperators() {
		assertValidation(() -> parse("pk = :h OR sk = :a"), "Invalid operator used in KeyConditionExpression: OR");
		assertValidation(() -> parse("pk = :h AND NOT sk = :a"), "Invalid operator used in KeyConditionExpression: NOT");
		assertValidation(() -> parse("pk = :h AND sk <> :a"), "Invalid operator used in KeyConditionExpression: <>");
		assertValidation(() -> parse("pk = :h AND sk IN (:a, :b)"), "Invalid operator used in KeyConditionExpression: IN");
		assertValidation(() -> parse("pk = :h AND attribute_exists(sk)"),
				"Invalid operator used in KeyConditionExpression: attribute_exists");
		assertValidation(() -> parse("pk = :h AND contains(sk, :a)"),
				"Invalid operator used in KeyConditionExpression: contains");
		assertValidation(() -> parse("pk = :h AND size(sk) > :a"), "KeyConditionExpressions cannot contain nested operations");
	}

	@Test
	void refusesBadConditionShapes() {
		assertValidation(() -> parse("pk = :h AND pk = :h"), "KeyConditionExpressions must only contain one condition per key");
		assertValidation(() -> parse("pk = :h AND pk > :a"), "KeyConditionExpressions must only contain one condition per key");
		assertValidation(() -> parse("pk = :h AND sk > :a AND x = :b"), "Conditions can be of length 1 or 2 only");
		assertValidation(() -> parse("pk.x = :h"), "KeyConditionExpressions cannot have conditions on nested attributes");
		assertValidation(() -> parse("pk = sk"), "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
		assertValidation(() -> parse(":h = :a"), "Invalid condition in KeyConditionExpression: No key attribute specified");
		assertValidation(() -> parse("pk = :h AND :a BETWEEN sk AND :b"),
				"Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
		assertValidation(() -> parse("pk = :h AND begins_with(:p, sk)"),
				"Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
		assertValidation(() -> parse("sk > :a"), "Query key condition not supported");
		assertValidation(() -> parse("pk = "), "Invalid KeyConditionExpression: Syntax error");
		assertValidation(() -> parse(""), "Invalid KeyConditionExpression: The expression can not be empty;");
		assertValidation(() -> parse("pk = :nope"), "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined");
		assertValidation(() -> parse("key = :h"), "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: key");
	}

	@Test
	void forKeySchema() {
		KeyCondition swapped = parse("sk = :a AND pk = :h").forKeySchema("pk", "sk");
		assertThat(swapped.hashName()).isEqualTo("pk");
		assertThat(swapped.hashValue()).isEqualTo(new Value.S("h1"));
		assertThat(swapped.rangeName()).isEqualTo("sk");
		assertThat(swapped.rangeValues()).containsExactly(value("{'N':'1'}"));
		assertThat(parse("pk = :h").forKeySchema("pk", "sk").hashName()).isEqualTo("pk");
		assertValidation(() -> parse("xx = :h").forKeySchema("pk", "sk"), "Query condition missed key schema element: pk");
		assertValidation(() -> parse("pk = :h AND xx > :a").forKeySchema("pk", "sk"), "Query key condition not supported");
		assertValidation(() -> parse("pk = :h AND xx > :a").forKeySchema("pk", null), "Query key condition not supported");
	}

	@Test
	void legacyKeyConditions() {
		KeyCondition kc = Expressions.keyConditions(object("{'pk':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'h'}]},"
				+ "'sk':{'ComparisonOperator':'BETWEEN','AttributeValueList':[{'N':'1'},{'N':'3'}]}}"));
		assertThat(kc.hashName()).isEqualTo("pk");
		assertThat(kc.rangeName()).isEqualTo("sk");
		assertThat(kc.operator()).isEqualTo(RangeOperator.BETWEEN);
		assertThat(kc.matchesRange(value("{'N':'2'}"))).isTrue();
		KeyCondition reversed = Expressions.keyConditions(object("{'sk':{'ComparisonOperator':'BEGINS_WITH','AttributeValueList':[{'S':'a'}]},"
				+ "'pk':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'h'}]}}"));
		assertThat(reversed.hashName()).isEqualTo("pk");
		assertThat(reversed.operator()).isEqualTo(RangeOperator.BEGINS_WITH);
		assertThat(reversed.rangeValues()).isEqualTo(List.of(new Value.S("a")));
	}

	@Test
	void legacyKeyConditionErrors() {
		assertValidation(() -> Expressions.keyConditions(object("{'pk':{'ComparisonOperator':'NE','AttributeValueList':[{'S':'h'}]}}")),
				"Attempted conditional constraint is not an indexable operation");
		assertValidation(() -> Expressions.keyConditions(object("{'pk':{'ComparisonOperator':'EQ','AttributeValueList':[]}}")),
				"Invalid number of argument(s) for the EQ ComparisonOperator");
		assertValidation(() -> Expressions.keyConditions(object("{}")), "Conditions can be of length 1 or 2 only");
		assertValidation(() -> Expressions.keyConditions(object("{'a':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'h'}]},"
				+ "'b':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'h'}]},'c':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'h'}]}}")),
				"Conditions can be of length 1 or 2 only");
		assertValidation(() -> Expressions.keyConditions(object("{'sk':{'ComparisonOperator':'GT','AttributeValueList':[{'S':'h'}]}}")),
				"Query key condition not supported");
	}

}
