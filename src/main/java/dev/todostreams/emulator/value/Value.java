package dev.todostreams.emulator.value;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value. Immutable: collections are wrapped unmodifiable by {@link Values}.
 * Numbers are held normalised ({@link BigDecimal#stripTrailingZeros()}), so equal numbers are
 * {@code equals} ({@code 1.50} equals {@code 1.5}); sets compare without order.
 */
public sealed interface Value {

	/** The DynamoDB type descriptor: S, N, B, SS, NS, BS, L, M, BOOL or NULL. */
	String type();

	record S(String value) implements Value {
		public String type() {
			return "S";
		}
	}

	record N(BigDecimal value) implements Value {
		public N {
			value = Values.normalise(value);
		}

		public String type() {
			return "N";
		}
	}

	record B(byte[] value) implements Value {
		public String type() {
			return "B";
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof B b && Arrays.equals(value, b.value);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(value);
		}

		@Override
		public String toString() {
			return "B[" + value.length + " bytes]";
		}
	}

	record SS(Set<String> values) implements Value {
		public SS {
			values = Collections.unmodifiableSet(values);
		}

		public String type() {
			return "SS";
		}
	}

	record NS(Set<BigDecimal> values) implements Value {
		public NS {
			values = Collections.unmodifiableSet(values);
		}

		public String type() {
			return "NS";
		}
	}

	record BS(Set<B> values) implements Value {
		public BS {
			values = Collections.unmodifiableSet(values);
		}

		public String type() {
			return "BS";
		}
	}

	record L(List<Value> values) implements Value {
		public L {
			values = Collections.unmodifiableList(values);
		}

		public String type() {
			return "L";
		}
	}

	record M(Map<String, Value> values) implements Value {
		public M {
			values = Collections.unmodifiableMap(values);
		}

		public String type() {
			return "M";
		}
	}

	record Bool(boolean value) implements Value {
		public String type() {
			return "BOOL";
		}
	}

	record Null() implements Value {
		public String type() {
			return "NULL";
		}
	}
}
