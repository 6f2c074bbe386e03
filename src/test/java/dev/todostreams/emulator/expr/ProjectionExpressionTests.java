package dev.todostreams.emulator.expr;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.value.Value;

import static dev.todostreams.emulator.expr.TestSupport.assertValidation;
import static dev.todostreams.emulator.expr.TestSupport.ctx;
import static dev.todostreams.emulator.expr.TestSupport.item;
import static dev.todostreams.emulator.expr.TestSupport.list;
import static dev.todostreams.emulator.expr.TestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectionExpressionTests {

	private static final Map<String, Value> ITEM = item("{'id':{'S':'a'},'n':{'N':'5'},"
			+ "'m':{'M':{'a':{'N':'1'},'b':{'M':{'c':{'S':'deep'},'d':{'S':'other'}}}}},"
			+ "'l':{'L':[{'S':'zero'},{'M':{'x':{'N':'1'},'y':{'N':'2'}}},{'S':'two'}]}}");

	private static Map<String, Value> project(String expression) {
		return Expressions.projection(expression, values("{}")).apply(ITEM);
	}

	@Test
	void topLevelAttributes() {
		assertThat(project("id, n")).containsOnlyKeys("id", "n").containsEntry("id", new Value.S("a"));
		assertThat(project("nope")).isEmpty();
		assertThat(project("n, id").keySet()).containsExactly("n", "id");
	}

	@Test
	void nestedMapPathGivesPartialMap() {
		assertThat(project("m.b.c")).isEqualTo(item("{'m':{'M':{'b':{'M':{'c':{'S':'deep'}}}}}}"));
		assertThat(project("m.a, m.b.d")).isEqualTo(item("{'m':{'M':{'a':{'N':'1'},'b':{'M':{'d':{'S':'other'}}}}}}"));
	}

	@Test
	void listIndexGivesListOfSelectedElements() {
		assertThat(project("l[1]")).isEqualTo(item("{'l':{'L':[{'M':{'x':{'N':'1'},'y':{'N':'2'}}}]}}"));
		assertThat(project("l[2], l[0]")).isEqualTo(item("{'l':{'L':[{'S':'zero'},{'S':'two'}]}}"));
		assertThat(project("l[1].y")).isEqualTo(item("{'l':{'L':[{'M':{'y':{'N':'2'}}}]}}"));
		assertThat(project("l[7]")).isEmpty();
	}

	@Test
	void missingOrMistypedNestedPathsAreLeftOut() {
		assertThat(project("m.zz")).isEmpty();
		assertThat(project("n.a, id")).containsOnlyKeys("id");
		assertThat(project("m[0]")).isEmpty();
		assertThat(project("l.x")).isEmpty();
	}

	@Test
	void namePlaceholdersAndReservedWords() {
		Projection p = Expressions.projection("#n, #d.#k", ctx("{'#n':'name','#d':'data','#k':'key'}", "{}"));
		assertThat(p.apply(item("{'name':{'S':'x'},'data':{'M':{'key':{'N':'1'},'other':{'N':'2'}}}}")))
			.isEqualTo(item("{'name':{'S':'x'},'data':{'M':{'key':{'N':'1'}}}}"));
		assertValidation(() -> project("name"),
				"Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
		assertValidation(() -> project("#x"),
				"Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #x");
	}

	@Test
	void errors() {
		assertValidation(() -> project(""), "Invalid ProjectionExpression: The expression can not be empty;");
		assertValidation(() -> project("a,"), "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\"");
		assertValidation(() -> project("a b"), "Syntax error; token: \"b\"");
		assertValidation(() -> Expressions.projection(":v", values("{':v':{'N':'1'}}")), "Syntax error; token: \":v\"");
		assertValidation(() -> project("m, m.a"),
				"Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, a]");
		assertValidation(() -> project("id, id"), "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [id], path two: [id]");
		assertValidation(() -> project("l[0], l.x"),
				"Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]");
		assertThat(project("l[0], l[1].x, m.a")).containsOnlyKeys("l", "m");
	}

	@Test
	void attributesToGet() {
		Projection p = Expressions.attributesToGet(list("['id','nope','m']"));
		assertThat(p.apply(ITEM)).containsOnlyKeys("id", "m");
		assertThat(Expressions.attributesToGet(List.of("name")).apply(item("{'name':{'S':'x'}}"))).containsOnlyKeys("name");
		assertValidation(() -> Expressions.attributesToGet(list("['a','a']")), "Duplicate value in attribute name: a");
		assertValidation(() -> Expressions.attributesToGet(List.of()), "attributesToGet");
	}

}
