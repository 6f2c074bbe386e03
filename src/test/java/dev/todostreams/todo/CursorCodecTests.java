package dev.todostreams.todo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorCodecTests {

	private final CursorCodec codec = new CursorCodec("k1".getBytes(StandardCharsets.UTF_8));

	private final CursorCodec.Position position = new CursorCodec.Position("index", "In Progress",
			Map.of("TodoID", "T1001", "Status", "In Progress", "DueDate", "2024-03-25"));

	@Test
	void roundTrips() {
		assertThat(this.codec.decode(this.codec.encode(this.position))).isEqualTo(this.position);
	}

	@Test
	void isOpaqueUrlSafeText() {
		String cursor = this.codec.encode(this.position);
		assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+").doesNotContain("T1001");
	}

	@Test
	void refusesCursorSignedWithAnotherKey() {
		String other = new CursorCodec("k2".getBytes(StandardCharsets.UTF_8)).encode(this.position);
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> this.codec.decode(other))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400));
	}

	@Test
	void refusesChangedPayload() {
		String cursor = this.codec.encode(this.position);
		String payload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"phase\":\"index\",\"status\":\"completed\",\"key\":{}}".getBytes(StandardCharsets.UTF_8));
		String changed = payload + cursor.substring(cursor.indexOf('.'));
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> this.codec.decode(changed));
	}

	@Test
	void refusesMalformedText() {
		for (String bad : new String[] { "", ".", "abc", "a.b.c", "!!!.???", "e30.e30" }) {
			assertThatExceptionOfType(ErrorResponseException.class).as(bad).isThrownBy(() -> this.codec.decode(bad));
		}
	}

}
