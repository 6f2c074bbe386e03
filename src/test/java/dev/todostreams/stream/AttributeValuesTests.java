package dev.todostreams.stream;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static dev.todostreams.stream.Av.*;
import static org.assertj.core.api.Assertions.assertThat;

class AttributeValuesTests {

	@ParameterizedTest
	@CsvSource({ "1.50,1.5", "1,1.0", "0,0.000", "-0,0", "100,1E2", "1.0E-4,0.0001", "007,7", "+3,3" })
	void numbersAreEqualByValue(String a, String b) {
		assertThat(AttributeValues.equivalent(n(a), n(b))).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "1.5,1.51", "1,-1", "10,1E2", "0.1,0.01" })
	void differentNumbersDiffer(String a, String b) {
		assertThat(AttributeValues.equivalent(n(a), n(b))).isFalse();
	}

	@Test
	void unparsableNumbersFallBackToTextEquality() {
		assertThat(AttributeValues.equivalent(n("x"), n("x"))).isTrue();
		assertThat(AttributeValues.equivalent(n("x"), n("y"))).isFalse();
	}

	@Test
	void stringsAreCaseSensitive() {
		assertThat(AttributeValues.equivalent(s("completed"), s("completed"))).isTrue();
		assertThat(AttributeValues.equivalent(s("completed"), s("Completed"))).isFalse();
	}

	@Test
	void aNumberNeverEqualsAStringWithTheSameText() {
		assertThat(AttributeValues.equivalent(n("1"), s("1"))).isFalse();
		assertThat(AttributeValues.equivalent(ss("1"), ns("1"))).isFalse();
	}

	@Test
	void binaryComparesBytes() {
		assertThat(AttributeValues.equivalent(b("abc"), b("abc"))).isTrue();
		assertThat(AttributeValues.equivalent(b("abc"), b("abd"))).isFalse();
	}

	@Test
	void booleansAndNulls() {
		assertThat(AttributeValues.equivalent(bool(true), bool(true))).isTrue();
		assertThat(AttributeValues.equivalent(bool(true), bool(false))).isFalse();
		assertThat(AttributeValues.equivalent(nul(), nul())).isTrue();
		assertThat(AttributeValues.equivalent(nul(), bool(false))).isFalse();
	}

	@Test
	void setsIgnoreOrder() {
		assertThat(AttributeValues.equivalent(ss("a", "b", "c"), ss("c", "a", "b"))).isTrue();
		assertThat(AttributeValues.equivalent(ss("a", "b"), ss("a", "b", "c"))).isFalse();
		assertThat(AttributeValues.equivalent(bs("x", "y"), bs("y", "x"))).isTrue();
		assertThat(AttributeValues.equivalent(bs("x"), bs("z"))).isFalse();
	}

	@Test
	void numberSetsCompareElementsByValueWithoutOrder() {
		assertThat(AttributeValues.equivalent(ns("1.50", "2"), ns("2.0", "1.5"))).isTrue();
		assertThat(AttributeValues.equivalent(ns("1", "2"), ns("1", "3"))).isFalse();
	}

	@Test
	void mapsCompareRecursivelyWithoutOrder() {
		assertThat(AttributeValues.equivalent(m("a", n("1.0"), "b", m("c", ss("x", "y"))),
				m("b", m("c", ss("y", "x")), "a", n("1")))).isTrue();
		assertThat(AttributeValues.equivalent(m("a", n("1")), m("a", n("1"), "b", n("2")))).isFalse();
		assertThat(AttributeValues.equivalent(m("a", m("b", s("x"))), m("a", m("b", s("y"))))).isFalse();
	}

	@Test
	void listsKeepOrderAndCompareElementsByMeaning() {
		assertThat(AttributeValues.equivalent(l(n("1.0"), s("a")), l(n("1"), s("a")))).isTrue();
		assertThat(AttributeValues.equivalent(l(s("a"), s("b")), l(s("b"), s("a")))).isFalse();
		assertThat(AttributeValues.equivalent(l(s("a")), l(s("a"), s("a")))).isFalse();
		assertThat(AttributeValues.equivalent(l(), l())).isTrue();
	}

	@Test
	void emptyMapAndEmptyListDiffer() {
		assertThat(AttributeValues.equivalent(m(), l())).isFalse();
	}

	@Test
	void nullsAreOnlyEqualToNull() {
		assertThat(AttributeValues.equivalent(null, null)).isTrue();
		assertThat(AttributeValues.equivalent(s("a"), null)).isFalse();
		assertThat(AttributeValues.equivalent(null, s("a"))).isFalse();
	}

	@Test
	void plainFormIsReadyForJson() {
		Map<String, AttributeValue> image = new LinkedHashMap<>();
		image.put("Task", AttributeValue.fromS("Task 1"));
		image.put("Version", AttributeValue.fromN("2.50"));
		image.put("Done", AttributeValue.fromBool(true));
		image.put("Gone", AttributeValue.fromNul(true));
		image.put("Blob", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
		image.put("Tags", AttributeValue.fromSs(List.of("a", "b")));
		image.put("Scores", AttributeValue.fromNs(List.of("1", "2.0")));
		image.put("Blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
		image.put("Nested", AttributeValue.fromM(Map.of("z", AttributeValue.fromS("last"), "a",
				AttributeValue.fromL(List.of(AttributeValue.fromN("7"))))));

		Map<String, Object> plain = AttributeValues.plain(image);

		assertThat(List.copyOf(plain.keySet())).containsExactly("Blob", "Blobs", "Done", "Gone", "Nested", "Scores",
				"Tags", "Task", "Version");
		assertThat(plain.get("Task")).isEqualTo("Task 1");
		assertThat(plain.get("Version")).isEqualTo(new BigDecimal("2.50"));
		assertThat(plain.get("Done")).isEqualTo(true);
		assertThat(plain.get("Gone")).isNull();
		assertThat(plain.get("Blob")).isEqualTo("aGk=");
		assertThat(plain.get("Tags")).isEqualTo(List.of("a", "b"));
		assertThat(plain.get("Scores")).isEqualTo(List.of(new BigDecimal("1"), new BigDecimal("2.0")));
		assertThat(plain.get("Blobs")).isEqualTo(List.of("eA=="));
		assertThat(plain.get("Nested")).isEqualTo(Map.of("a", List.of(new BigDecimal("7")), "z", "last"));
		assertThat(List.copyOf(((Map<?, ?>) plain.get("Nested")).keySet())).isEqualTo(List.of("a", "z"));
		assertThat(AttributeValues.plain((Map<String, AttributeValue>) null)).isNull();
	}

}
