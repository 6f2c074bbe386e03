package dev.todostreams.emulator.expr;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.value.Value;

import static dev.todostreams.emulator.expr.TestSupport.assertValidation;
import static dev.todostreams.emulator.expr.TestSupport.ctx;
import static dev.todostreams.emulator.expr.TestSupport.item;
import static dev.todostreams.emulator.expr.TestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

class UpdateExpressionTests {

	private static final String ITEM = "{'id':{'S':'a'},'n':{'N':'5'},'s':{'S':'x'},'ss':{'SS':['a','b']},"
			+ "'ns':{'NS':['1','2']},'l':{'L':[{'N':'0'},{'N':'1'},{'N':'2'},{'N':'3'}]},"
			+ "'m':{'M':{'a':{'M':{'b':{'N':'1'}}},'li':{'L':[{'S':'p'}]}}}}";

	private static Map<String, Value> apply(String expression, String valuesJson) {
		return Expressions.update(expression, values(valuesJson)).apply(item(ITEM));
	}

	private static Map<String, Value> apply(String expression) {
		return apply(expression, "{}");
	}

	@Test
	void setTopLevelAttributes() {
		Map<String, Value> result = apply("SET s = :v, newattr = :w", "{':v':{'S':'y'},':w':{'N':'7'}}");
		assertThat(result.get("s")).isEqualTo(new Value.S("y"));
		assertThat(result.get("newattr")).isEqualTo(TestSupport.value("{'N':'7'}"));
		assertThat(result.get("id")).isEqualTo(new Value.S("a"));
	}

	@Test
	void doesNotModifyTheArgument() {
		Map<String, Value> original = item(ITEM);
		Map<String, Value> copy = Map.copyOf(original);
		Expressions.update("SET s = :v REMOVE n, m.a.b, l[0]", values("{':v':{'S':'y'}}")).apply(original);
		assertThat(original).isEqualTo(copy);
	}

	@Test
	void emptyItemIsAllowed() {
		Map<String, Value> result = Expressions.update("SET a = :v", values("{':v':{'S':''}}")).apply(Map.of());
		assertThat(result).containsEntry("a", new Value.S(""));
	}

	@Test
	void setCopiesAnotherAttribute() {
		assertThat(apply("SET cp = m.a").get("cp")).isEqualTo(item(ITEM).get("m") instanceof Value.M m
				? m.values().get("a") : null);
	}

	@Test
	void setRefersToMissingAttribute() {
		assertValidation(() -> apply("SET a = nope"),
				"The provided expression refers to an attribute that does not exist in the item");
		assertValidation(() -> apply("SET a = nope + :v", "{':v':{'N':'1'}}"),
				"The provided expression refers to an attribute that does not exist in the item");
	}

	@Test
	void arithmetic() {
		assertThat(apply("SET n = n + :v", "{':v':{'N':'2.5'}}").get("n")).isEqualTo(TestSupport.value("{'N':'7.5'}"));
		assertThat(apply("SET n = n - :v", "{':v':{'N':'10'}}").get("n")).isEqualTo(TestSupport.value("{'N':'-5'}"));
		assertThat(apply("SET x = :v - n", "{':v':{'N':'10'}}").get("x")).isEqualTo(TestSupport.value("{'N':'5'}"));
		assertThat(apply("SET x = n+n").get("x")).isEqualTo(TestSupport.value("{'N':'10'}"));
	}

	@Test
	void arithmeticOnNonNumbers() {
		assertValidation(() -> apply("SET n = s + :v", "{':v':{'N':'1'}}"),
				"An operand in the update expression has an incorrect data type");
		assertValidation(() -> apply("SET n = n - :v", "{':v':{'S':'1'}}"),
				"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: S");
		assertValidation(() -> apply("SET n = :v + n", "{':v':{'SS':['1']}}"), "operator or function: +, operand type: SS");
	}

	@Test
	void arithmeticResultIsChecked() {
		assertValidation(() -> apply("SET n = :v + :v", "{':v':{'N':'9E+125'}}"),
				"Number overflow");
		assertValidation(() -> apply("SET n = n + :v", "{':v':{'N':'1E-38'}}"),
				"38 significant digits");
	}

	@Test
	void onlyOneArithmeticOperator() {
		assertValidation(() -> apply("SET n = n + :v + :v", "{':v':{'N':'1'}}"), "Invalid UpdateExpression: Syntax error; token: \"+\"");
	}

	@Test
	void ifNotExists() {
		assertThat(apply("SET n = if_not_exists(n, :v)", "{':v':{'N':'0'}}").get("n")).isEqualTo(TestSupport.value("{'N':'5'}"));
		assertThat(apply("SET c = if_not_exists(c, :v)", "{':v':{'N':'0'}}").get("c")).isEqualTo(TestSupport.value("{'N':'0'}"));
		assertThat(apply("SET c = if_not_exists(c, :z) + :one", "{':z':{'N':'0'},':one':{'N':'1'}}").get("c"))
			.isEqualTo(TestSupport.value("{'N':'1'}"));
		assertThat(apply("SET c = if_not_exists(m.a.b, :z)", "{':z':{'N':'0'}}").get("c"))
			.isEqualTo(TestSupport.value("{'N':'1'}"));
	}

	@Test
	void ifNotExistsNeedsAPath() {
		assertValidation(() -> apply("SET c = if_not_exists(:v, :v)", "{':v':{'N':'0'}}"),
				"Operator or function requires a document path; operator or function: if_not_exists");
		assertValidation(() -> apply("SET c = if_not_exists(c)", "{}"),
				"Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1");
	}

	@Test
	void listAppend() {
		assertThat(apply("SET l = list_append(l, :v)", "{':v':{'L':[{'N':'4'}]}}").get("l"))
			.isEqualTo(TestSupport.value("{'L':[{'N':'0'},{'N':'1'},{'N':'2'},{'N':'3'},{'N':'4'}]}"));
		assertThat(apply("SET l = list_append(:v, l)", "{':v':{'L':[{'N':'9'}]}}").get("l"))
			.isEqualTo(TestSupport.value("{'L':[{'N':'9'},{'N':'0'},{'N':'1'},{'N':'2'},{'N':'3'}]}"));
		assertThat(apply("SET x = list_append(if_not_exists(x, :e), :v)", "{':e':{'L':[]},':v':{'L':[{'S':'a'}]}}").get("x"))
			.isEqualTo(TestSupport.value("{'L':[{'S':'a'}]}"));
		assertValidation(() -> apply("SET l = list_append(l, :v)", "{':v':{'S':'x'}}"),
				"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S");
		assertValidation(() -> apply("SET l = list_append(l, s)"), "An operand in the update expression has an incorrect data type");
	}

	@Test
	void setNestedPaths() {
		Map<String, Value> result = apply("SET m.a.c = :v, m.li[0] = :w, l[1] = :w", "{':v':{'N':'2'},':w':{'S':'q'}}");
		assertThat(TestSupport.wire(result).get("m").toString()).contains("c={N=2}").contains("li={L=[{S=q}]}");
		assertThat(result.get("l")).isEqualTo(TestSupport.value("{'L':[{'N':'0'},{'S':'q'},{'N':'2'},{'N':'3'}]}"));
	}

	@Test
	void setListIndexPastTheEndAppends() {
		assertThat(apply("SET l[10] = :v", "{':v':{'N':'9'}}").get("l"))
			.isEqualTo(TestSupport.value("{'L':[{'N':'0'},{'N':'1'},{'N':'2'},{'N':'3'},{'N':'9'}]}"));
	}

	@Test
	void setNestedPathNeedsItsParent() {
		assertValidation(() -> apply("SET nope.a = :v", "{':v':{'N':'1'}}"),
				"The document path provided in the update expression is invalid for update");
		assertValidation(() -> apply("SET m.nope.a = :v", "{':v':{'N':'1'}}"),
				"The document path provided in the update expression is invalid for update");
		assertValidation(() -> apply("SET s.a = :v", "{':v':{'N':'1'}}"),
				"The document path provided in the update expression is invalid for update");
		assertValidation(() -> apply("SET m[0] = :v", "{':v':{'N':'1'}}"),
				"The document path provided in the update expression is invalid for update");
		assertValidation(() -> apply("SET l[9].a = :v", "{':v':{'N':'1'}}"),
				"The document path provided in the update expression is invalid for update");
	}

	@Test
	void remove() {
		Map<String, Value> result = apply("REMOVE s, nope, m.a.b");
		assertThat(result).doesNotContainKey("s").containsKey("id");
		assertThat(result.get("m").toString()).doesNotContain("b=");
	}

	@Test
	void removeListElementsShiftsTheRest() {
		assertThat(apply("REMOVE l[1]").get("l")).isEqualTo(TestSupport.value("{'L':[{'N':'0'},{'N':'2'},{'N':'3'}]}"));
		assertThat(apply("REMOVE l[0], l[2]").get("l")).isEqualTo(TestSupport.value("{'L':[{'N':'1'},{'N':'3'}]}"));
		assertThat(apply("REMOVE l[2], l[0]").get("l")).isEqualTo(TestSupport.value("{'L':[{'N':'1'},{'N':'3'}]}"));
		assertThat(apply("REMOVE l[9]").get("l")).isEqualTo(item(ITEM).get("l"));
	}

	@Test
	void addNumbers() {
		assertThat(apply("ADD n :v", "{':v':{'N':'3'}}").get("n")).isEqualTo(TestSupport.value("{'N':'8'}"));
		assertThat(apply("ADD c :v", "{':v':{'N':'-3'}}").get("c")).isEqualTo(TestSupport.value("{'N':'-3'}"));
		assertThat(apply("ADD m.a.c :v", "{':v':{'N':'1'}}").get("m").toString()).contains("c=N[value=1]");
	}

	@Test
	void addSets() {
		assertThat(apply("ADD ss :v", "{':v':{'SS':['b','c']}}").get("ss")).isEqualTo(TestSupport.value("{'SS':['a','b','c']}"));
		assertThat(apply("ADD ns :v", "{':v':{'NS':['3']}}").get("ns")).isEqualTo(TestSupport.value("{'NS':['1','2','3']}"));
		assertThat(apply("ADD nset :v", "{':v':{'BS':['AQ==']}}").get("nset")).isEqualTo(TestSupport.value("{'BS':['AQ==']}"));
	}

	@Test
	void addTypeMismatch() {
		assertValidation(() -> apply("ADD ss :v", "{':v':{'NS':['1']}}"), "An operand in the update expression has an incorrect data type");
		assertValidation(() -> apply("ADD s :v", "{':v':{'N':'1'}}"), "An operand in the update expression has an incorrect data type");
		assertValidation(() -> apply("ADD s :v", "{':v':{'S':'1'}}"),
				"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
		assertValidation(() -> apply("ADD s :v", "{':v':{'L':[]}}"), "operator: ADD, operand type: LIST");
		assertValidation(() -> apply("ADD n n"), "Syntax error; token: \"n\"");
	}

	@Test
	void deleteFromSets() {
		assertThat(apply("DELETE ss :v", "{':v':{'SS':['a','zz']}}").get("ss")).isEqualTo(TestSupport.value("{'SS':['b']}"));
		assertThat(apply("DELETE ns :v", "{':v':{'NS':['1','2']}}")).doesNotContainKey("ns");
		assertThat(apply("DELETE nope :v", "{':v':{'NS':['1']}}")).doesNotContainKey("nope");
	}

	@Test
	void deleteTypeMismatch() {
		assertValidation(() -> apply("DELETE ss :v", "{':v':{'NS':['1']}}"), "An operand in the update expression has an incorrect data type");
		assertValidation(() -> apply("DELETE n :v", "{':v':{'N':'1'}}"),
				"Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
	}

	@Test
	void allClausesInAnyOrder() {
		Map<String, Value> result = apply("delete ss :d add n :one remove s set x = :one",
				"{':d':{'SS':['a']},':one':{'N':'1'}}");
		assertThat(result.get("ss")).isEqualTo(TestSupport.value("{'SS':['b']}"));
		assertThat(result.get("n")).isEqualTo(TestSupport.value("{'N':'6'}"));
		assertThat(result).doesNotContainKey("s");
		assertThat(result.get("x")).isEqualTo(TestSupport.value("{'N':'1'}"));
	}

	@Test
	void operandsSeeTheItemBeforeTheUpdate() {
		Map<String, Value> result = apply("SET a = n, n = :v", "{':v':{'N':'1'}}");
		assertThat(result.get("a")).isEqualTo(TestSupport.value("{'N':'5'}"));
		assertThat(result.get("n")).isEqualTo(TestSupport.value("{'N':'1'}"));
	}

	@Test
	void parenthesizedValues() {
		assertThat(apply("SET x = (n + :v)", "{':v':{'N':'1'}}").get("x")).isEqualTo(TestSupport.value("{'N':'6'}"));
		assertThat(apply("SET x = (n) - (:v)", "{':v':{'N':'1'}}").get("x")).isEqualTo(TestSupport.value("{'N':'4'}"));
		assertThat(apply("SET x = (:v)", "{':v':{'N':'1'}}").get("x")).isEqualTo(TestSupport.value("{'N':'1'}"));
	}

	@Test
	void clauseUsedTwice() {
		assertValidation(() -> apply("SET a = :v SET b = :v", "{':v':{'N':'1'}}"),
				"Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
		assertValidation(() -> apply("REMOVE a remove b"), "The \"REMOVE\" section can only be used once");
	}

	@Test
	void overlappingAndConflictingPaths() {
		assertValidation(() -> apply("SET a = :v REMOVE a.b", "{':v':{'N':'1'}}"),
				"Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
		assertValidation(() -> apply("SET a = :v, a = :v", "{':v':{'N':'1'}}"),
				"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
		assertValidation(() -> apply("SET l[0] = :v REMOVE l.x", "{':v':{'N':'1'}}"),
				"Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]");
		assertValidation(() -> apply("ADD n :v DELETE n :s", "{':v':{'N':'1'},':s':{'NS':['1']}}"), "path one: [n], path two: [n]");
		assertValidation(() -> apply("REMOVE l[1], l[1].x"), "path one: [l, [1]], path two: [l, [1], x]");
		assertThat(apply("SET m.a.x = :v, m.a.y = :v", "{':v':{'N':'1'}}").get("m").toString()).contains("x=").contains("y=");
	}

	@Test
	void syntaxErrors() {
		assertValidation(() -> apply(""), "Invalid UpdateExpression: The expression can not be empty;");
		assertValidation(() -> apply("SET = :v", "{':v':{'N':'1'}}"), "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"SET =\"");
		assertValidation(() -> apply("SET a :v", "{':v':{'N':'1'}}"), "Syntax error; token: \":v\"");
		assertValidation(() -> apply("SET a = :v,", "{':v':{'N':'1'}}"), "Syntax error; token: \"<EOF>\"");
		assertValidation(() -> apply("SET"), "Syntax error; token: \"<EOF>\", near: \"SET\"");
		assertValidation(() -> apply("UPSERT a = :v", "{':v':{'N':'1'}}"), "Syntax error; token: \"UPSERT\"");
		assertValidation(() -> apply("SET a = :v b = :v", "{':v':{'N':'1'}}"), "Syntax error; token: \"b\", near: \":v b\"");
		assertValidation(() -> apply("REMOVE :v", "{':v':{'N':'1'}}"), "Syntax error; token: \":v\"");
	}

	@Test
	void errorPriority() {
		assertValidation(() -> apply("SET a = :nope SET b = :v", "{':v':{'N':'1'}}"), "The \"SET\" section can only be used once");
		assertValidation(() -> apply("SET a = :nope, a = :v", "{':v':{'N':'1'}}"),
				"An expression attribute value used in expression is not defined; attribute value: :nope");
		assertValidation(() -> apply("ADD a :s, a :s", "{':s':{'S':'1'}}"), "Two document paths overlap");
		assertValidation(() -> apply("SET status = :nope REMOVE", "{}"), "Syntax error; token: \"<EOF>\"");
	}

	@Test
	void functionErrors() {
		assertValidation(() -> apply("SET a = nope(b)"), "Invalid UpdateExpression: Invalid function name; function: nope");
		assertValidation(() -> apply("SET a = size(b)"), "function: size");
	}

	@Test
	void placeholdersAndReservedWords() {
		Update u = Expressions.update("SET #s = :v", ctx("{'#s':'status'}", "{':v':{'S':'done'}}"));
		assertThat(u.apply(Map.of())).containsEntry("status", new Value.S("done"));
		assertValidation(() -> apply("SET status = :v", "{':v':{'N':'1'}}"),
				"Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
		assertValidation(() -> apply("SET #s = :v", "{':v':{'N':'1'}}"),
				"Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #s");
		assertValidation(() -> apply("SET a = :nope"),
				"Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope");
	}

	@Test
	void topLevelAttributes() {
		Update u = Expressions.update("SET a.b = :v, c[1] = :v REMOVE d ADD e :v DELETE f :s",
				values("{':v':{'N':'1'},':s':{'SS':['x']}}"));
		assertThat(u.topLevelAttributes()).containsExactly("a", "c", "d", "e", "f");
	}

}
