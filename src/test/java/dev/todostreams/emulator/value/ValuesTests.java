package dev.todostreams.emulator.value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTests {

	@Test
	void compareUtf8OrdersByCodePoints() {
		List<String> strings = List.of("", "a", "ab", "b", "put#1", "put#10", "put#2", "\uffff", "\ud800\udc00",
				"a\ud83d\ude00", "a\uffff", "a\ud83d\ude00b", "a\ud83d\ude00a", "\ud800", "\ud800x", "\udc00", "é", "z");
		for (String a : strings) {
			for (String b : strings) {
				assertThat(Integer.signum(Values.compareUtf8(a, b))).as("%s vs %s", a, b)
					.isEqualTo(Integer.signum(byCodePoints(a, b)));
			}
		}
	}

	private static int byCodePoints(String a, String b) {
		int[] x = a.codePoints().toArray();
		int[] y = b.codePoints().toArray();
		return java.util.Arrays.compare(x, y);
	}

	@Test
	void frozenJsonEqualsJsonAndCannotBeChanged() {
		Map<String, Value> nested = new LinkedHashMap<>();
		nested.put("k", new Value.N(new BigDecimal("1.50")));
		nested.put("ss", new Value.SS(new LinkedHashSet<>(List.of("x", "y"))));
		Map<String, Value> item = new LinkedHashMap<>();
		item.put("pk", new Value.S("a"));
		item.put("m", new Value.M(nested));
		item.put("l", new Value.L(new ArrayList<>(List.of(new Value.Bool(true), new Value.Null(), new Value.M(nested)))));
		item.put("ns", new Value.NS(new LinkedHashSet<>(List.of(BigDecimal.ONE, BigDecimal.TEN))));
		item.put("b", new Value.B(new byte[] { 1, 2 }));

		Map<String, Object> frozen = Values.toFrozenJson(item);

		assertThat(frozen).isEqualTo(Values.toJson(item));
		assertThat(List.copyOf(frozen.keySet())).containsExactly("pk", "m", "l", "ns", "b");
		assertThatThrownBy(() -> frozen.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> m = (Map<String, Object>) ((Map<String, Object>) frozen.get("m")).get("M");
		assertThatThrownBy(() -> m.remove("k")).isInstanceOf(UnsupportedOperationException.class);
		@SuppressWarnings("unchecked")
		List<Object> ss = (List<Object>) ((Map<String, Object>) m.get("ss")).get("SS");
		assertThatThrownBy(() -> ss.add("z")).isInstanceOf(UnsupportedOperationException.class);
		@SuppressWarnings("unchecked")
		List<Object> l = (List<Object>) ((Map<String, Object>) frozen.get("l")).get("L");
		assertThatThrownBy(() -> l.clear()).isInstanceOf(UnsupportedOperationException.class);
	}

}
