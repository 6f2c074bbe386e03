package dev.todostreams.emulator.expr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import dev.todostreams.emulator.api.AwsException;
import dev.todostreams.emulator.json.Json;
import dev.todostreams.emulator.value.Value;
import dev.todostreams.emulator.value.Values;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Helpers for expression tests; JSON is written with single quotes. */
final class TestSupport {

	private TestSupport() {
	}

	static Object json(String text) {
		return Json.parse(text.replace('\'', '"'));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(String text) {
		return (Map<String, Object>) json(text);
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(String text) {
		return (List<Object>) json(text);
	}

	static Map<String, Value> item(String text) {
		return Values.item(json(text), "Item");
	}

	static Value value(String text) {
		return Values.value(json(text), "value");
	}

	/** A context from {@code names} JSON ({"#a":"x"}) and {@code values} JSON ({":v":{"S":"x"}}). */
	@SuppressWarnings("unchecked")
	static ExpressionContext ctx(String names, String values) {
		Map<String, String> n = new LinkedHashMap<>((Map<String, String>) json(names));
		return new ExpressionContext(n, item(values));
	}

	static ExpressionContext values(String values) {
		return ctx("{}", values);
	}

	static void assertValidation(ThrowingCallable call, String... fragments) {
		assertThatThrownBy(call).isInstanceOfSatisfying(AwsException.class, ex -> {
			org.assertj.core.api.Assertions.assertThat(ex.type()).isEqualTo("ValidationException");
			for (String fragment : fragments) {
				org.assertj.core.api.Assertions.assertThat(ex.getMessage()).contains(fragment);
			}
		});
	}

	static Map<String, Object> wire(Map<String, Value> item) {
		return Values.toJson(item);
	}

}
