package dev.todostreams.emulator.expr;

import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.value.Value;

import static dev.todostreams.emulator.expr.TestSupport.assertValidation;
import static dev.todostreams.emulator.expr.TestSupport.ctx;
import static dev.todostreams.emulator.expr.TestSupport.item;
import static dev.todostreams.emulator.expr.TestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

class ConditionExpressionTests {

	private static final Map<String, Value> ITEM = item("{'id':{'S':'a1'},'n':{'N':'5'},'s':{'S':'hello'},"
			+ "'b':{'B':'AQID'},'ss':{'SS':['x','y']},'ns':{'NS':['1','2']},'bs':{'BS':['AQ==']},"
			+ "'l':{'L':[{'S':'x'},{'N':'1'},{'M':{'k':{'S':'v'}}}]},'m':{'M':{'a':{'M':{'b':{'N':'7'}}},'s':{'S':'in'}}},"
			+ "'t':{'BOOL':true},'z':{'NULL':true},'e':{'S':''}}");

	private static boolean eval(String expression, String valuesJson) {
		return Expressions.condition(expression, values(valuesJson)).test(ITEM);
	}

	private static boolean eval(String expression) {
		return eval(expression, "{}");
	}

	@Test
	void equalityOnStringsAndNumbers() {
		assertThat(eval("s = :v", "{':v':{'S':'hello'}}")).isTrue();
		assertThat(eval("s = :v", "{':v':{'S':'other'}}")).isFalse();
		assertThat(eval("n = :v", "{':v':{'N':'5.0'}}")).isTrue();
		assertThat(eval("n <> :v", "{':v':{'N':'6'}}")).isTrue();
	}

	@Test
	void differentTypesAreNeverEqualNorOrdered() {
		assertThat(eval("n = :v", "{':v':{'S':'5'}}")).isFalse();
		assertThat(eval("n <> :v", "{':v':{'S':'5'}}")).isTrue();
		assertThat(eval("n < :v", "{':v':{'S':'9'}}")).isFalse();
		assertThat(eval("n >= :v", "{':v':{'S':'1'}}")).isFalse();
	}

	@Test
	void orderingOnNumbersStringsAndBinary() {
		assertThat(eval("n < :v", "{':v':{'N':'10'}}")).isTrue();
		assertThat(eval("n <= :v", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("n > :v", "{':v':{'N':'5'}}")).isFalse();
		assertThat(eval("n >= :v", "{':v':{'N':'-5'}}")).isTrue();
		assertThat(eval("s > :v", "{':v':{'S':'hell'}}")).isTrue();
		assertThat(eval("s < :v", "{':v':{'S':'help'}}")).isTrue();
		assertThat(eval("b > :v", "{':v':{'B':'AQI='}}")).isTrue();
	}

	@Test
	void missingAttributeComparisons() {
		assertThat(eval("nope = :v", "{':v':{'N':'1'}}")).isFalse();
		assertThat(eval("nope <> :v", "{':v':{'N':'1'}}")).isTrue();
		assertThat(eval("nope < :v", "{':v':{'N':'1'}}")).isFalse();
		assertThat(eval("nope BETWEEN :a AND :b", "{':a':{'N':'1'},':b':{'N':'2'}}")).isFalse();
		assertThat(eval("nope IN (:a)", "{':a':{'N':'1'}}")).isFalse();
	}

	@Test
	void comparesTwoPathsAndComplexValues() {
		assertThat(eval("m.a.b > n")).isTrue();
		assertThat(eval("ss = :v", "{':v':{'SS':['y','x']}}")).isTrue();
		assertThat(eval("l[2] = :v", "{':v':{'M':{'k':{'S':'v'}}}}")).isTrue();
		assertThat(eval("t = :v", "{':v':{'BOOL':true}}")).isTrue();
		assertThat(eval("z = :v", "{':v':{'NULL':true}}")).isTrue();
	}

	@Test
	void between() {
		assertThat(eval("n BETWEEN :a AND :b", "{':a':{'N':'1'},':b':{'N':'5'}}")).isTrue();
		assertThat(eval("n between :a and :b", "{':a':{'N':'5'},':b':{'N':'9'}}")).isTrue();
		assertThat(eval("n BETWEEN :a AND :b", "{':a':{'N':'6'},':b':{'N':'9'}}")).isFalse();
		assertThat(eval("s BETWEEN :a AND :b", "{':a':{'S':'a'},':b':{'S':'z'}}")).isTrue();
	}

	@Test
	void in() {
		assertThat(eval("n IN (:a, :b)", "{':a':{'N':'1'},':b':{'N':'5'}}")).isTrue();
		assertThat(eval("s in (:a)", "{':a':{'S':'nope'}}")).isFalse();
		assertThat(eval("ss IN (:a)", "{':a':{'SS':['x','y']}}")).isTrue();
	}

	@Test
	void inAllowsAHundredOperandsButNotMore() {
		StringJoiner hundred = new StringJoiner(", ", "n IN (", ")");
		for (int i = 0; i < 100; i++) {
			hundred.add(":v");
		}
		assertThat(eval(hundred.toString(), "{':v':{'N':'5'}}")).isTrue();
		StringJoiner tooMany = new StringJoiner(", ", "n IN (", ")");
		for (int i = 0; i < 101; i++) {
			tooMany.add(":v");
		}
		assertValidation(() -> eval(tooMany.toString(), "{':v':{'N':'5'}}"),
				"Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
	}

	@Test
	void logicalOperatorsAndPrecedence() {
		String v = "{':t':{'N':'5'},':f':{'N':'0'}}";
		assertThat(eval("n = :t AND n = :f", v)).isFalse();
		assertThat(eval("n = :t OR n = :f", v)).isTrue();
		assertThat(eval("NOT n = :f", v)).isTrue();
		assertThat(eval("not n = :t", v)).isFalse();
		// OR binds weaker than AND: true OR (false AND false)
		assertThat(eval("n = :t OR n = :f AND n = :f", v)).isTrue();
		assertThat(eval("(n = :t OR n = :f) AND n = :f", v)).isFalse();
		// NOT binds tighter than AND
		assertThat(eval("NOT n = :f AND n = :t", v)).isTrue();
		assertThat(eval("NOT (n = :f OR n = :t)", v)).isFalse();
		assertThat(eval("NOT NOT n = :t", v)).isTrue();
	}

	@Test
	void attributeExistsAndNotExists() {
		assertThat(eval("attribute_exists(id)")).isTrue();
		assertThat(eval("attribute_exists(nope)")).isFalse();
		assertThat(eval("attribute_not_exists(nope)")).isTrue();
		assertThat(eval("attribute_exists(m.a.b)")).isTrue();
		assertThat(eval("attribute_exists(m.a.c)")).isFalse();
		assertThat(eval("attribute_exists(l[2].k)")).isTrue();
		assertThat(eval("attribute_exists(l[3])")).isFalse();
		assertThat(eval("attribute_exists(s.x)")).isFalse();
		assertThat(eval("attribute_exists(z)")).isTrue();
	}

	@Test
	void attributeType() {
		assertThat(eval("attribute_type(s, :t)", "{':t':{'S':'S'}}")).isTrue();
		assertThat(eval("attribute_type(n, :t)", "{':t':{'S':'S'}}")).isFalse();
		assertThat(eval("attribute_type(ss, :t)", "{':t':{'S':'SS'}}")).isTrue();
		assertThat(eval("attribute_type(t, :t)", "{':t':{'S':'BOOL'}}")).isTrue();
		assertThat(eval("attribute_type(z, :t)", "{':t':{'S':'NULL'}}")).isTrue();
		assertThat(eval("attribute_type(m, :t)", "{':t':{'S':'M'}}")).isTrue();
		assertThat(eval("attribute_type(nope, :t)", "{':t':{'S':'M'}}")).isFalse();
	}

	@Test
	void attributeTypeRejectsUnknownTypes() {
		assertValidation(() -> eval("attribute_type(s, :t)", "{':t':{'S':'STRING'}}"),
				"Invalid attribute type name found; type: STRING");
		assertValidation(() -> eval("attribute_type(s, :t)", "{':t':{'N':'1'}}"),
				"Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N");
		assertValidation(() -> eval("attribute_type(s, n)"),
				"Incorrect operand type for operator or function; operator or function: attribute_type");
	}

	@Test
	void beginsWith() {
		assertThat(eval("begins_with(s, :p)", "{':p':{'S':'he'}}")).isTrue();
		assertThat(eval("begins_with(s, :p)", "{':p':{'S':'lo'}}")).isFalse();
		assertThat(eval("begins_with(s, :p)", "{':p':{'S':''}}")).isTrue();
		assertThat(eval("begins_with(b, :p)", "{':p':{'B':'AQI='}}")).isTrue();
		assertThat(eval("begins_with(b, :p)", "{':p':{'B':'Ag=='}}")).isFalse();
		assertThat(eval("begins_with(n, :p)", "{':p':{'S':'5'}}")).isFalse();
		assertThat(eval("begins_with(nope, :p)", "{':p':{'S':'5'}}")).isFalse();
	}

	@Test
	void beginsWithRejectsNonStringOperand() {
		assertValidation(() -> eval("begins_with(s, :p)", "{':p':{'N':'1'}}"),
				"Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
		assertValidation(() -> eval("begins_with(:p, s)", "{':p':{'SS':['1']}}"),
				"operator or function: begins_with, operand type: SS");
	}

	@Test
	void contains() {
		assertThat(eval("contains(s, :v)", "{':v':{'S':'ell'}}")).isTrue();
		assertThat(eval("contains(s, :v)", "{':v':{'S':'xyz'}}")).isFalse();
		assertThat(eval("contains(ss, :v)", "{':v':{'S':'x'}}")).isTrue();
		assertThat(eval("contains(ss, :v)", "{':v':{'S':'q'}}")).isFalse();
		assertThat(eval("contains(ns, :v)", "{':v':{'N':'2.0'}}")).isTrue();
		assertThat(eval("contains(bs, :v)", "{':v':{'B':'AQ=='}}")).isTrue();
		assertThat(eval("contains(l, :v)", "{':v':{'N':'1'}}")).isTrue();
		assertThat(eval("contains(l, :v)", "{':v':{'S':'1'}}")).isFalse();
		assertThat(eval("contains(ns, :v)", "{':v':{'S':'1'}}")).isFalse();
		assertThat(eval("contains(nope, :v)", "{':v':{'S':'1'}}")).isFalse();
		assertThat(eval("contains(s, m.s)")).isFalse();
		assertThat(eval("NOT contains(nope, :v)", "{':v':{'S':'1'}}")).isTrue();
	}

	@Test
	void sizeFunction() {
		assertThat(eval("size(s) = :v", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("size(ss) = :v", "{':v':{'N':'2'}}")).isTrue();
		assertThat(eval("size(l) > :v", "{':v':{'N':'2'}}")).isTrue();
		assertThat(eval("size(m) = :v", "{':v':{'N':'2'}}")).isTrue();
		assertThat(eval("size(b) = :v", "{':v':{'N':'3'}}")).isTrue();
		assertThat(eval("size(e) = :v", "{':v':{'N':'0'}}")).isTrue();
		assertThat(eval("size(n) = :v", "{':v':{'N':'1'}}")).isFalse();
		assertThat(eval("size(nope) <> :v", "{':v':{'N':'1'}}")).isTrue();
		assertThat(eval(":v < size(l)", "{':v':{'N':'1'}}")).isTrue();
		assertThat(eval("size(s) BETWEEN :a AND :b", "{':a':{'N':'1'},':b':{'N':'9'}}")).isTrue();
	}

	@Test
	void sizeOfAStringCountsCharacters() {
		// Developer Guide, "Condition and filter expressions, operators, and functions": size() of a String is its length
		Map<String, Value> item = item("{'s':{'S':'\u00e9t\u00e9'}}");
		assertThat(Expressions.condition("size(s) = :v", values("{':v':{'N':'3'}}")).test(item)).isTrue();
		assertThat(Expressions.condition("size(s) = :v", values("{':v':{'N':'5'}}")).test(item)).isFalse();
	}

	@Test
	void namePlaceholders() {
		ExpressionContext ctx = ctx("{'#s':'status','#d':'a.b'}", "{':v':{'S':'open'}}");
		Condition c = Expressions.condition("#s = :v AND attribute_not_exists(#d)", ctx);
		assertThat(c.test(item("{'status':{'S':'open'},'a':{'M':{'b':{'S':'x'}}}}"))).isTrue();
		assertThat(c.test(item("{'status':{'S':'open'},'a.b':{'S':'x'}}"))).isFalse();
	}

	@Test
	void keywordsAreCaseInsensitiveButFunctionNamesAreNot() {
		assertThat(eval("n = :v aNd NoT n = :w oR n = :w", "{':v':{'N':'5'},':w':{'N':'6'}}")).isTrue();
		assertValidation(() -> eval("ATTRIBUTE_EXISTS(id)"), "Invalid function name; function: ATTRIBUTE_EXISTS");
	}

	@Test
	void whitespaceIsFlexible() {
		assertThat(eval("n=:v", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("\tn\n>=\r:v ", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("attribute_exists ( m . a [0] ) OR attribute_exists( l [ 0 ] )")).isTrue();
	}

	@Test
	void emptyItemMeansNothingExists() {
		Condition c = Expressions.condition("attribute_not_exists(id)", values("{}"));
		assertThat(c.test(Map.of())).isTrue();
	}

	@Test
	void emptyExpressionIsRejected() {
		assertValidation(() -> eval(""), "Invalid ConditionExpression: The expression can not be empty;");
		assertValidation(() -> eval("   "), "The expression can not be empty;");
	}

	@Test
	void syntaxErrorsNameTokenAndContext() {
		assertValidation(() -> eval("n = ", "{}"), "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
		assertValidation(() -> eval("n = = :v", "{':v':{'N':'1'}}"), "Syntax error; token: \"=\", near: \"= =\"");
		assertValidation(() -> eval("n :v", "{':v':{'N':'1'}}"), "Syntax error; token: \":v\"");
		assertValidation(() -> eval("n = :v AND", "{':v':{'N':'1'}}"), "Syntax error; token: \"<EOF>\"");
		assertValidation(() -> eval("(n = :v", "{':v':{'N':'1'}}"), "Syntax error; token: \"<EOF>\"");
		assertValidation(() -> eval("n = :v)", "{':v':{'N':'1'}}"), "Syntax error; token: \")\"");
		assertValidation(() -> eval("n", "{}"), "Syntax error; token: \"<EOF>\", near: \"n\"");
		assertValidation(() -> eval(") = :v", "{':v':{'N':'1'}}"), "Syntax error; token: \")\", near: \")\"");
		assertValidation(() -> eval("a   b", "{}"), "Syntax error; token: \"b\", near: \"a   b\"");
		assertValidation(() -> eval("n = :v $", "{':v':{'N':'1'}}"), "Syntax error; token: \"$\"");
		assertValidation(() -> eval("l[x] = :v", "{':v':{'N':'1'}}"), "Syntax error; token: \"x\"");
		assertValidation(() -> eval("l[1a] = :v", "{':v':{'N':'1'}}"), "Syntax error; token: \"1a\"");
		assertValidation(() -> eval("n = # ", "{}"), "Syntax error; token: \"#\"");
		assertValidation(() -> eval("attribute_not_exists(_c)"), "Invalid ConditionExpression: Syntax error;");
		assertValidation(() -> eval("attribute_not_exists(m._d)"), "Invalid ConditionExpression: Syntax error;");
		assertThat(eval("attribute_not_exists(c_1)")).isTrue();
		assertValidation(() -> eval("n BETWEEN :v :v", "{':v':{'N':'1'}}"), "Syntax error");
	}

	@Test
	void filterExpressionKindIsNamed() {
		assertValidation(() -> Expressions.filter("n = ", values("{}")), "Invalid FilterExpression: Syntax error");
		assertValidation(() -> Expressions.condition("n = ", values("{}"), "FilterExpression"),
				"Invalid FilterExpression: Syntax error");
	}

	@Test
	void reservedWordsAreRefusedAsBareNames() {
		assertValidation(() -> eval("Status = :v", "{':v':{'S':'x'}}"),
				"Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status");
		assertValidation(() -> eval("name = :v", "{':v':{'S':'x'}}"), "reserved keyword: name");
		assertValidation(() -> eval("attribute_exists(m.date)"), "reserved keyword: date");
		assertValidation(() -> eval("attribute_exists(DATA)"), "reserved keyword: DATA");
		assertValidation(() -> eval("attribute_exists(key)"), "reserved keyword: key");
		assertValidation(() -> eval("attribute_exists(value)"), "reserved keyword: value");
		assertValidation(() -> eval("attribute_exists(count)"), "reserved keyword: count");
		assertValidation(() -> eval("size = :v", "{':v':{'N':'1'}}"), "reserved keyword: size");
	}

	@Test
	void reservedWordListComesFromTheDocumentation() {
		assertThat(ReservedWords.isReserved("abort")).isTrue();
		assertThat(ReservedWords.isReserved("Zone")).isTrue();
		assertThat(ReservedWords.isReserved("TTL")).isTrue();
		assertThat(ReservedWords.isReserved("todo")).isFalse();
		assertThat(ReservedWords.isReserved("begins_with")).isFalse();
	}

	@Test
	void undefinedPlaceholders() {
		assertValidation(() -> eval("#x = :v", "{':v':{'N':'1'}}"),
				"Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x");
		assertValidation(() -> eval("n = :x", "{}"),
				"Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x");
	}

	@Test
	void functionMisuse() {
		assertValidation(() -> eval("nope(n)"), "Invalid function name; function: nope");
		assertValidation(() -> eval("size(s)"), "The function is not allowed to be used this way in an expression; function: size");
		assertValidation(() -> eval("attribute_exists(n) = :v", "{':v':{'BOOL':true}}"),
				"The function is not allowed to be used this way in an expression; function: attribute_exists");
		assertValidation(() -> eval("begins_with(s, :v) IN (:v)", "{':v':{'S':'x'}}"),
				"The function is not allowed to be used this way in an expression; function: begins_with");
		assertValidation(() -> eval("n = attribute_exists(n)"),
				"The function is not allowed to be used this way in an expression; function: attribute_exists");
		assertValidation(() -> eval("list_append(l, s)"), "Invalid function name; function: list_append");
		assertValidation(() -> eval("n = if_not_exists(n, :v)", "{':v':{'N':'1'}}"), "Invalid function name; function: if_not_exists");
		assertValidation(() -> eval("attribute_exists(:v)", "{':v':{'N':'1'}}"),
				"Operator or function requires a document path; operator or function: attribute_exists");
		assertValidation(() -> eval("size(:v) = :v", "{':v':{'N':'1'}}"),
				"Incorrect operand type for operator or function; operator or function: size, operand type: N");
		assertValidation(() -> eval("attribute_exists(n, s)"),
				"Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2");
		assertValidation(() -> eval("contains(s)"),
				"Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1");
	}

	@Test
	void orderingNonScalarsIsFalseNotAnError() {
		assertThat(eval("t < :v", "{':v':{'BOOL':true}}")).isFalse();
		assertThat(eval("ss >= :v", "{':v':{'SS':['x','y']}}")).isFalse();
		assertThat(eval("n BETWEEN :a AND :b", "{':a':{'SS':['a']},':b':{'SS':['b']}}")).isFalse();
	}

	@Test
	void operandsOfValuesAndSize() {
		assertThat(eval("size(:v) = :n", "{':v':{'S':'abc'},':n':{'N':'3'}}")).isTrue();
		assertThat(eval("begins_with(:v, :p)", "{':v':{'S':'abc'},':p':{'S':'ab'}}")).isTrue();
		assertThat(eval("contains(:v, s)", "{':v':{'S':'say hello'}}")).isTrue();
	}

	@Test
	void operandsMayBeParenthesized() {
		assertThat(eval("(n) = :v", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("(n) BETWEEN (:v) AND :v", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("((n) = :v)", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("(size(s)) IN (:v)", "{':v':{'N':'5'}}")).isTrue();
		assertValidation(() -> eval("((n)) = :v", "{':v':{'N':'5'}}"), "The expression has redundant parentheses;");
	}

	@Test
	void operandsMustBeDistinct() {
		assertValidation(() -> eval("n = n"),
				"The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]");
		assertValidation(() -> eval("m.a <> m.a"), "operator: <>, first operand: [m, a]");
		assertValidation(() -> eval("begins_with(s, s)"), "operator: begins_with, first operand: [s]");
		assertThat(eval("m.a <> m.s")).isTrue();
	}

	@Test
	void betweenBoundsAreChecked() {
		assertValidation(() -> eval("n BETWEEN :a AND :b", "{':a':{'N':'5'},':b':{'N':'1'}}"),
				"The BETWEEN operator requires upper bound to be greater than or equal to lower bound",
				"lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}");
		assertValidation(() -> eval("n BETWEEN :a AND :b", "{':a':{'N':'5'},':b':{'S':'x'}}"),
				"The BETWEEN operator requires same data type for lower and upper bounds");
	}

	@Test
	void redundantParentheses() {
		assertThat(eval("(n = :v)", "{':v':{'N':'5'}}")).isTrue();
		assertThat(eval("(n = :v) AND (s = :s)", "{':v':{'N':'5'},':s':{'S':'hello'}}")).isTrue();
		assertValidation(() -> eval("((n = :v))", "{':v':{'N':'5'}}"),
				"Invalid ConditionExpression: The expression has redundant parentheses;");
	}

	@Test
	void syntaxErrorsWinOverSemanticErrors() {
		assertValidation(() -> eval("#x = :v AND", "{}"), "Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
		assertValidation(() -> eval("status = :nope AND = "), "Syntax error; token: \"=\"");
		assertValidation(() -> eval("((n = :v)) AND n = ", "{':v':{'N':'1'}}"), "Syntax error");
	}

	@Test
	void semanticErrorsComeInDynamoDbOrder() {
		assertValidation(() -> eval("#x = :nope AND status = :v", "{':v':{'N':'1'}}"),
				"Attribute name is a reserved keyword; reserved keyword: status");
		assertValidation(() -> eval("begins_with(s, :n) AND #x = :v", "{':v':{'N':'1'},':n':{'N':'1'}}"),
				"An expression attribute name used in the document path is not defined; attribute name: #x");
		assertValidation(() -> eval("status = :v AND ((n = :v))", "{':v':{'N':'1'}}"), "The expression has redundant parentheses;");
		assertValidation(() -> eval("contains(s) AND n = n"),
				"Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1");
	}

	@Test
	void parsedOnceEvaluatedManyTimes() {
		Condition c = Expressions.condition("n > :v", values("{':v':{'N':'3'}}"));
		assertThat(c.test(item("{'n':{'N':'4'}}"))).isTrue();
		assertThat(c.test(item("{'n':{'N':'2'}}"))).isFalse();
		assertThat(c.test(item("{}"))).isFalse();
	}

}
