package dev.todostreams.emulator.expr;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.todostreams.emulator.expr.TestSupport.item;
import static org.assertj.core.api.Assertions.assertThat;

class PathTests {

	private static Path path(Object... elements) {
		return new Path(List.of(elements));
	}

	@Test
	void rendersAsDynamoDbDoes() {
		assertThat(path("a", "b", 0, "c")).hasToString("[a, b, [0], c]");
		assertThat(path("a")).hasToString("[a]");
	}

	@Test
	void clash() {
		assertThat(path("a").clash(path("a"))).isEqualTo("overlap");
		assertThat(path("a").clash(path("a", "b"))).isEqualTo("overlap");
		assertThat(path("a", 1).clash(path("a", 1, "x"))).isEqualTo("overlap");
		assertThat(path("a", "b").clash(path("a", 0))).isEqualTo("conflict");
		assertThat(path("a", "b").clash(path("a", "c"))).isNull();
		assertThat(path("a", 0).clash(path("a", 1))).isNull();
		assertThat(path("a").clash(path("b"))).isNull();
	}

	@Test
	void getWalksMapsAndLists() {
		var doc = item("{'a':{'M':{'l':{'L':[{'S':'x'},{'M':{'k':{'N':'1'}}}]}}}}");
		assertThat(path("a", "l", 1, "k").get(doc)).isEqualTo(TestSupport.value("{'N':'1'}"));
		assertThat(path("a", "l", 2).get(doc)).isNull();
		assertThat(path("a", 0).get(doc)).isNull();
		assertThat(path("a", "l", "k").get(doc)).isNull();
		assertThat(path("zz", "l").get(doc)).isNull();
	}

	@Test
	void manyEvaluationsOfOneParsedCondition() {
		Condition c = Expressions.condition("a.l[1].k = :v AND attribute_exists(a) AND NOT begins_with(a.l[0], :p)",
				TestSupport.values("{':v':{'N':'1'},':p':{'S':'y'}}"));
		var doc = item("{'a':{'M':{'l':{'L':[{'S':'x'},{'M':{'k':{'N':'1'}}}]}}}}");
		int matches = 0;
		for (int i = 0; i < 100_000; i++) {
			if (c.test(doc)) {
				matches++;
			}
		}
		assertThat(matches).isEqualTo(100_000);
	}

}
