package dev.todostreams.stream;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short factories for attribute values in tests. */
final class Av {

	private Av() {
	}

	static AttributeValue s(String s) {
		return AttributeValue.fromS(s);
	}

	static AttributeValue n(String n) {
		return AttributeValue.fromN(n);
	}

	static AttributeValue b(String utf8) {
		return AttributeValue.fromB(SdkBytes.fromUtf8String(utf8));
	}

	static AttributeValue bool(boolean b) {
		return AttributeValue.fromBool(b);
	}

	static AttributeValue nul() {
		return AttributeValue.fromNul(true);
	}

	static AttributeValue ss(String... values) {
		return AttributeValue.fromSs(Arrays.asList(values));
	}

	static AttributeValue ns(String... values) {
		return AttributeValue.fromNs(Arrays.asList(values));
	}

	static AttributeValue bs(String... utf8) {
		return AttributeValue.fromBs(Arrays.stream(utf8).map(SdkBytes::fromUtf8String).toList());
	}

	static AttributeValue l(AttributeValue... values) {
		return AttributeValue.fromL(List.of(values));
	}

	static AttributeValue m(Object... nameValuePairs) {
		return AttributeValue.fromM(item(nameValuePairs));
	}

	static Map<String, AttributeValue> item(Object... nameValuePairs) {
		Map<String, AttributeValue> map = new LinkedHashMap<>();
		for (int i = 0; i < nameValuePairs.length; i += 2) {
			map.put((String) nameValuePairs[i], (AttributeValue) nameValuePairs[i + 1]);
		}
		return map;
	}

}
