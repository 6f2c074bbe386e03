package dev.todostreams.emulator.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON written straight to UTF-8 bytes: the escapes and the encoding the emulator has always sent. */
class JsonWriteTests {

	@Test
	void escapesAsBefore() {
		assertThat(Json.write("a\"b\\c\n\r\t\b\f\u0001\u001f\u007f/")).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\u007f/\"");
	}

	@Test
	void encodesUtf8AsStringGetBytesDoes() {
		String text = "aé€😀z";
		JsonOutput out = new JsonOutput(4);
		Json.write(text, out);
		byte[] expected = ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
		assertThat(out.toByteArray()).isEqualTo(expected);
	}

	@Test
	void loneSurrogatesAreEscapedAndReadBackUnchanged() {
		// a request may carry them as \\u escapes; the journal must give back the very same string
		String text = "z\ud800x\udc00\ud83d\ude00";
		String json = Json.write(text);
		assertThat(json).isEqualTo("\"z\\ud800x\\udc00\ud83d\ude00\"");
		assertThat(Json.parse(json)).isEqualTo(text);
	}

	@Test
	void writesMapsListsSetsNumbersAndLiterals() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("s", "x");
		value.put("n", new BigDecimal("1E+3"));
		value.put("l", 7L);
		value.put("d", 1.0);
		value.put("b", true);
		value.put("z", null);
		value.put("list", new ArrayList<>(List.of(1, "two")));
		value.put("set", new LinkedHashSet<>(List.of("a", "b")));
		value.put("empty", Map.of());
		assertThat(Json.write(value)).isEqualTo(
				"{\"s\":\"x\",\"n\":1000,\"l\":7,\"d\":1.0,\"b\":true,\"z\":null,\"list\":[1,\"two\"],\"set\":[\"a\",\"b\"],\"empty\":{}}");
	}

	@Test
	void reusedBufferGrowsAndResets() {
		JsonOutput out = new JsonOutput(16);
		Json.write("x".repeat(1000), out);
		assertThat(out.length()).isEqualTo(1002);
		out.reset();
		Json.write(List.of(), out);
		assertThat(new String(out.array(), 0, out.length(), StandardCharsets.UTF_8)).isEqualTo("[]");
	}

}
