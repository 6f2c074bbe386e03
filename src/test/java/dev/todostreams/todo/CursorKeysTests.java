package dev.todostreams.todo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Isolated
@ExtendWith(OutputCaptureExtension.class)
class CursorKeysTests {

	static final String CURRENT = "current-cursor-key-0123456789abcdef";

	static final String PREVIOUS = "previous-cursor-key-0123456789abcdef";

	private final CursorCodec.Position position = new CursorCodec.Position(TodoRepository.ALL_PHASE, null,
			Map.of("TodoID", "T1001"));

	@Test
	void instancesWithTheSameKeyReadEachOthersCursorsAndTheKeyIsNeverLogged(CapturedOutput output) {
		CursorCodec a = CursorKeys.codec(properties(CURRENT, List.of(), true));
		CursorCodec b = CursorKeys.codec(properties(CURRENT, List.of(), true));
		assertThat(b.decode(a.encode(this.position))).isEqualTo(this.position);
		assertThat(output.getAll()).contains("configured key " + a.currentKeyId()).doesNotContain(CURRENT);
	}

	@Test
	void rotationAcceptsThePreviousKey(CapturedOutput output) {
		CursorCodec before = CursorKeys.codec(properties(PREVIOUS, List.of(), false));
		CursorCodec after = CursorKeys.codec(properties(CURRENT, List.of(PREVIOUS), false));
		assertThat(after.decode(before.encode(this.position))).isEqualTo(this.position);
		assertThat(after.currentKeyId()).isEqualTo(CursorCodec.keyId(CURRENT.getBytes(StandardCharsets.UTF_8)));
		assertThat(output.getAll()).contains("previous key(s) [" + before.currentKeyId() + "]");
	}

	@Test
	void withoutAKeyEachProcessHasItsOwnRandomOne(CapturedOutput output) {
		CursorCodec a = CursorKeys.codec(properties(null, List.of(), false));
		CursorCodec b = CursorKeys.codec(properties(" ", List.of(), false));
		assertThat(a.currentKeyId()).isNotEqualTo(b.currentKeyId());
		assertThat(output.getAll()).contains("todo.api.cursor-secret is not set");
	}

	@Test
	void refusesAShortKeyNamingTheProperty() {
		assertThatThrownBy(() -> CursorKeys.codec(properties("too-short", List.of(), false)))
			.isInstanceOf(CursorKeyException.class)
			.hasMessage("The list cursor key todo.api.cursor-secret is 9 bytes long; a cursor key needs at least 32 "
					+ "bytes.")
			.satisfies((ex) -> assertThat(((CursorKeyException) ex).action()).contains("openssl rand -base64 32"));
	}

	@Test
	void refusesAShortPreviousKeyNamingIt() {
		assertThatThrownBy(() -> CursorKeys.codec(properties(CURRENT, List.of(PREVIOUS, "short"), false)))
			.isInstanceOf(CursorKeyException.class)
			.hasMessageContaining("todo.api.previous-cursor-secrets[1] is 5 bytes long");
	}

	@Test
	void refusesToGoOnWithoutAKeyWhenOneIsRequired() {
		assertThatThrownBy(() -> CursorKeys.codec(properties(null, List.of(), true)))
			.isInstanceOf(CursorKeyException.class)
			.hasMessage("List cursors must work on every instance, and in this mode their key must be configured: "
					+ "todo.api.cursor-secret is not set.")
			.satisfies((ex) -> assertThat(((CursorKeyException) ex).action())
				.contains("aws secretsmanager create-secret --name todo-streams/cursors")
				.contains("TODO_API_CURSORSECRET"));
	}

	@Test
	void checksTheEnvironmentBeforeAnyBeanExists() {
		MockEnvironment required = new MockEnvironment().withProperty("todo.api.cursor-secret-required", "true")
			.withProperty("todo.api.cursor-secret-name", "team/cursors");
		assertThatThrownBy(() -> CursorKeys.check(required)).isInstanceOf(CursorKeyException.class)
			.satisfies((ex) -> assertThat(((CursorKeyException) ex).action()).contains("--name team/cursors"));
		assertThatThrownBy(() -> CursorKeys.check(new MockEnvironment().withProperty("todo.api.cursor-secret", "x")))
			.isInstanceOf(CursorKeyException.class);
		MockEnvironment rotating = new MockEnvironment().withProperty("todo.api.cursor-secret-required", "true")
			.withProperty("todo.api.cursor-secret", CURRENT)
			.withProperty("todo.api.previous-cursor-secrets", PREVIOUS);
		assertThatNoException().isThrownBy(() -> CursorKeys.check(rotating));
		assertThatNoException().isThrownBy(() -> CursorKeys.check(new MockEnvironment()));
	}

	private static TodoProperties properties(String secret, List<String> previous, boolean required) {
		TodoProperties defaults = TodoProperties.defaults();
		return new TodoProperties(defaults.statuses(), defaults.defaultStatus(), defaults.expireAfter(),
				defaults.defaultPageSize(), defaults.maxPageSize(), secret, previous, required,
				defaults.cursorSecretName());
	}

}
