package dev.todostreams.emulator.expr;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.value.Value;

import static dev.todostreams.emulator.expr.TestSupport.assertValidation;
import static dev.todostreams.emulator.expr.TestSupport.item;
import static dev.todostreams.emulator.expr.TestSupport.object;
import static dev.todostreams.emulator.expr.TestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;

class LegacyUpdateTests {

	private static final Map<String, Value> ITEM = item("{'id':{'S':'a'},'n':{'N':'5'},'ss':{'SS':['x','y']},"
			+ "'l':{'L':[{'S':'x'}]}}");

	private static Map<String, Value> apply(String json) {
		return Expressions.attributeUpdates(object(json)).apply(ITEM);
	}

	@Test
	void putIsTheDefault() {
		assertThat(apply("{'n':{'Value':{'S':'now a string'}}}").get("n")).isEqualTo(new Value.S("now a string"));
		assertThat(apply("{'new':{'Action':'PUT','Value':{'N':'1'}}}").get("new")).isEqualTo(value("{'N':'1'}"));
	}

	@Test
	void addNumbersSetsAndLists() {
		assertThat(apply("{'n':{'Action':'ADD','Value':{'N':'2'}}}").get("n")).isEqualTo(value("{'N':'7'}"));
		assertThat(apply("{'c':{'Action':'ADD','Value':{'N':'2'}}}").get("c")).isEqualTo(value("{'N':'2'}"));
		assertThat(apply("{'ss':{'Action':'ADD','Value':{'SS':['z']}}}").get("ss")).isEqualTo(value("{'SS':['x','y','z']}"));
		assertThat(apply("{'l':{'Action':'ADD','Value':{'L':[{'N':'1'}]}}}").get("l")).isEqualTo(value("{'L':[{'S':'x'},{'N':'1'}]}"));
	}

	@Test
	void addErrors() {
		assertValidation(() -> apply("{'n':{'Action':'ADD','Value':{'S':'x'}}}"), "ADD action is not supported for the type S");
		assertValidation(() -> apply("{'ss':{'Action':'ADD','Value':{'N':'1'}}}"), "Type mismatch for attribute to update");
		assertValidation(() -> apply("{'n':{'Action':'ADD'}}"), "Only DELETE action is allowed when no attribute value is specified");
	}

	@Test
	void delete() {
		assertThat(apply("{'n':{'Action':'DELETE'}}")).doesNotContainKey("n").containsKey("id");
		assertThat(apply("{'ss':{'Action':'DELETE','Value':{'SS':['x']}}}").get("ss")).isEqualTo(value("{'SS':['y']}"));
		assertThat(apply("{'ss':{'Action':'DELETE','Value':{'SS':['x','y']}}}")).doesNotContainKey("ss");
		assertThat(apply("{'nope':{'Action':'DELETE','Value':{'SS':['x']}}}")).doesNotContainKey("nope");
	}

	@Test
	void deleteErrors() {
		assertValidation(() -> apply("{'n':{'Action':'DELETE','Value':{'N':'1'}}}"), "DELETE action with value is not supported for the type N");
		assertValidation(() -> apply("{'ss':{'Action':'DELETE','Value':{'NS':['1']}}}"), "Type mismatch for attribute to update");
	}

	@Test
	void putWithoutValueAndUnknownAction() {
		assertValidation(() -> apply("{'n':{'Action':'PUT'}}"), "Only DELETE action is allowed when no attribute value is specified");
		assertValidation(() -> apply("{'n':{'Action':'MERGE','Value':{'N':'1'}}}"), "failed to satisfy constraint");
	}

	@Test
	void topLevelAttributesAndImmutability() {
		Update u = Expressions.attributeUpdates(object("{'a':{'Value':{'N':'1'}},'b':{'Action':'DELETE'}}"));
		assertThat(u.topLevelAttributes()).containsExactly("a", "b");
		Map<String, Value> original = item("{'b':{'N':'1'}}");
		assertThat(u.apply(original)).containsOnlyKeys("a");
		assertThat(original).containsOnlyKeys("b");
	}

}
