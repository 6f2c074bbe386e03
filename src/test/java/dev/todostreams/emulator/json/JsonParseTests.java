package dev.todostreams.emulator.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.todostreams.emulator.json.Json.JsonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The emulator's JSON reader on its own: the types it gives back, escapes, and where it says the text went wrong. */
class JsonParseTests {

	@Test
	void objectsKeepTheirFieldOrderAndValuesTheirTypes() {
		Object parsed = Json.parse(" {\"z\":\"s\", \"a\" : 12.50 ,\"m\":{},\"l\":[true,false,null,[]],\"n\":null}\n");
		assertThat(parsed).isInstanceOf(LinkedHashMap.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) parsed;
		assertThat(map.keySet()).containsExactly("z", "a", "m", "l", "n");
		assertThat(map.get("z")).isEqualTo("s");
		// numbers are BigDecimals, scale kept: DynamoDB numbers are strings of digits, never doubles
		assertThat(map.get("a")).isEqualTo(new BigDecimal("12.50"));
		assertThat(map.get("m")).isEqualTo(Map.of());
		assertThat(map.get("l")).isInstanceOf(ArrayList.class).isEqualTo(Arrays.asList(true, false, null, List.of()));
		assertThat(map.containsKey("n")).isTrue();
		assertThat(map.get("n")).isNull();
	}

	@Test
	void numbersKeepEveryDigit() {
		assertThat(Json.parse("12345678901234567890123456789012345678"))
			.isEqualTo(new BigDecimal("12345678901234567890123456789012345678"));
		assertThat(Json.parse("-1.5e-130")).isEqualTo(new BigDecimal("-1.5e-130"));
		assertThat(Json.parse("0")).isEqualTo(BigDecimal.ZERO);
	}

	@Test
	void escapesAreDecoded() {
		assertThat(Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC\"")).isEqualTo("q\" b\\ s/ \b\f\n\r\t é€");
		// a surrogate pair written as two escapes is one code point
		assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("😀");
		assertThat(Json.parse("\"plain, then \\n\"")).isEqualTo("plain, then \n");
	}

	@Test
	void aLaterDuplicateFieldWins() {
		assertThat(Json.parse("{\"a\":1,\"a\":2}")).isEqualTo(Map.of("a", BigDecimal.valueOf(2)));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"``                 | unexpected end of input at position 0",
			"`   `              | unexpected end of input at position 3",
			"`{\"a\":1} x`      | unexpected trailing content at position 8",
			"`{\"a\" 1}`        | expected ':' at position 5",
			"`{\"a\":1 \"b\":2}` | expected ',' or '}' at position 7",
			"`{a:1}`            | expected a field name at position 1",
			"`{\"a\":1,}`       | expected a field name at position 7",
			"`{\"a\":1`         | unexpected end of input in object at position 6",
			"`[1 2]`            | expected ',' or ']' at position 3",
			"`[1,`              | unexpected end of input at position 3",
			"`[1`               | unexpected end of input in array at position 2",
			"`\"abc`            | unterminated string at position 4",
			"`\"a\\`            | unterminated string at position 3",
			"`\"a\\x\"`         | bad escape '\\x' at position 4",
			"`\"\\u12\"`        | bad unicode escape at position 3",
			"`\"\\u12G4\"`      | bad unicode escape at position 3",
			"`tru`              | invalid literal at position 0",
			"`nul`              | invalid literal at position 0",
			"`-`                | invalid number at position 0",
			"`1e`               | invalid number at position 0",
			"`1-2`              | invalid number at position 0",
			"`+1`               | unexpected character '+' at position 0",
			"`'a'`              | unexpected character ''' at position 0" })
	void malformedTextIsRejectedNamingWhereItWentWrong(String text, String message) {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse(text)).withMessage(message);
	}

	@Test
	void controlCharactersMustBeEscapedInStrings() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse("\"a\nb\""))
			.withMessage("control character in string at position 2");
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse("\"a\\n\tb\""))
			.withMessage("control character in string at position 4");
	}

	@Test
	void nestingDeeperThanTheLimitIsRejected() {
		String thirtyTwo = "[".repeat(32) + "]".repeat(32);
		assertThat(Json.parse(thirtyTwo, 31)).isInstanceOf(List.class);
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse(thirtyTwo, 30))
			.withMessageStartingWith("nesting too deep at position 31");
		// the default limit holds a deep but sane document and refuses a stack-eating one
		assertThat(Json.parse("[".repeat(500) + "]".repeat(500))).isInstanceOf(List.class);
		assertThatExceptionOfType(JsonException.class)
			.isThrownBy(() -> Json.parse("[".repeat(100_000) + "]".repeat(100_000)))
			.withMessageStartingWith("nesting too deep");
	}

	@Test
	void whatItWritesItReadsBack() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("S", "tab\t quote\" \u0001 é");
		value.put("N", new BigDecimal("-0.000123"));
		value.put("L", new ArrayList<>(Arrays.asList(Map.of("BOOL", true), Map.of("NULL", true), null)));
		assertThat(Json.parse(Json.write(value))).isEqualTo(value);
	}

}
