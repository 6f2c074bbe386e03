package dev.todostreams.todo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorCodecTests {

	static final byte[] KEY_1 = "k1-k1-k1-k1-k1-k1-k1-k1-k1-k1-k1-k1".getBytes(StandardCharsets.UTF_8);

	static final byte[] KEY_2 = "k2-k2-k2-k2-k2-k2-k2-k2-k2-k2-k2-k2".getBytes(StandardCharsets.UTF_8);

	private final CursorCodec codec = new CursorCodec(KEY_1);

	private final CursorCodec.Position position = new CursorCodec.Position("index", "In Progress",
			Map.of("TodoID", "T1001", "Status", "In Progress", "DueDate", "2024-03-25"));

	@Test
	void roundTrips() {
		assertThat(this.codec.decode(this.codec.encode(this.position))).isEqualTo(this.position);
	}

	@Test
	void isOpaqueUrlSafeTextNamingItsKey() {
		String cursor = this.codec.encode(this.position);
		assertThat(cursor).matches("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+").doesNotContain("T1001");
		assertThat(cursor).startsWith(CursorCodec.keyId(KEY_1) + ".");
		assertThat(CursorCodec.keyId(KEY_1)).isNotEqualTo(CursorCodec.keyId(KEY_2));
	}

	@Test
	void aRotatedCodecAcceptsCursorsOfThePreviousKeyAndSignsWithTheNewOne() {
		String old = this.codec.encode(this.position);
		CursorCodec rotated = new CursorCodec(KEY_2, List.of(KEY_1));
		assertThat(rotated.decode(old)).isEqualTo(this.position);
		String fresh = rotated.encode(this.position);
		assertThat(fresh).startsWith(CursorCodec.keyId(KEY_2) + ".");
		assertThat(rotated.acceptedKeyIds()).containsExactly(CursorCodec.keyId(KEY_2), CursorCodec.keyId(KEY_1));
		// an instance not yet rotated refuses the new key's cursor as one to restart from
		assertNoLongerValid(() -> this.codec.decode(fresh));
	}

	@Test
	void refusesCursorOfAnUnknownKeyAsNoLongerValidWithRestartListing() {
		String other = new CursorCodec(KEY_2).encode(this.position);
		assertNoLongerValid(() -> this.codec.decode(other));
	}

	@Test
	void refusesCursorInTheFormatBeforeKeyIdsAsNoLongerValid() {
		String cursor = this.codec.encode(this.position);
		String withoutKeyId = cursor.substring(cursor.indexOf('.') + 1);
		assertNoLongerValid(() -> this.codec.decode(withoutKeyId));
	}

	@Test
	void refusesCursorWhoseKeyIdWasSwappedForAnAcceptedOne() {
		CursorCodec both = new CursorCodec(KEY_1, List.of(KEY_2));
		String cursor = new CursorCodec(KEY_2).encode(this.position);
		String relabelled = CursorCodec.keyId(KEY_1) + cursor.substring(cursor.indexOf('.'));
		assertInvalid(() -> both.decode(relabelled));
	}

	@Test
	void refusesChangedPayload() {
		String cursor = this.codec.encode(this.position);
		String payload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"phase\":\"index\",\"status\":\"completed\",\"key\":{}}".getBytes(StandardCharsets.UTF_8));
		String[] parts = cursor.split("\\.");
		assertInvalid(() -> this.codec.decode(parts[0] + "." + payload + "." + parts[2]));
	}

	@Test
	void refusesMalformedText() {
		String keyId = CursorCodec.keyId(KEY_1);
		for (String bad : new String[] { "", ".", "abc", "..", "a.b.c.d", keyId + ".!!!.???", keyId + ".e30.e30",
				keyId + "..e30" }) {
			assertThatExceptionOfType(ErrorResponseException.class).as(bad)
				.isThrownBy(() -> this.codec.decode(bad))
				.satisfies((ex) -> assertThat(ex.getBody().getTitle()).isEqualTo("Invalid cursor"));
		}
	}

	private static void assertNoLongerValid(Runnable decode) {
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(decode::run).satisfies((ex) -> {
			ProblemDetail problem = ex.getBody();
			assertThat(problem.getStatus()).isEqualTo(400);
			assertThat(problem.getTitle()).isEqualTo("Cursor no longer valid");
			assertThat(problem.getProperties()).containsEntry("restartListing", true);
		});
	}

	private static void assertInvalid(Runnable decode) {
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(decode::run).satisfies((ex) -> {
			assertThat(ex.getBody().getStatus()).isEqualTo(400);
			assertThat(ex.getBody().getTitle()).isEqualTo("Invalid cursor");
			Map<String, Object> properties = ex.getBody().getProperties();
			assertThat((properties != null) ? properties : Map.of()).doesNotContainKey("restartListing");
		});
	}

}
