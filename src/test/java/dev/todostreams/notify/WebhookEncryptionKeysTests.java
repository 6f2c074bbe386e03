package dev.todostreams.notify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Isolated
@ExtendWith(OutputCaptureExtension.class)
class WebhookEncryptionKeysTests {

	@TempDir
	Path directory;

	@Test
	void usesTheConfiguredKeyAndNeverLogsIt(CapturedOutput output) {
		byte[] key = SecretCipher.randomKey();
		String encoded = Base64.getEncoder().encodeToString(key);
		SecretCipher cipher = WebhookEncryptionKeys.cipher(properties(encoded, false, null), this.directory, false);
		assertThat(cipher.keyId()).isEqualTo(SecretCipher.keyId(key));
		assertThat(this.directory.resolve(WebhookEncryptionKeys.FILE_NAME)).doesNotExist();
		assertThat(output.getAll()).contains("configured key " + cipher.keyId()).doesNotContain(encoded);
	}

	@Test
	void generatesAnOwnerOnlyKeyFileInTheDataDirectoryAndReusesIt(CapturedOutput output) throws Exception {
		SecretCipher first = WebhookEncryptionKeys.cipher(properties(null, false, null), this.directory, false);
		Path file = this.directory.resolve(WebhookEncryptionKeys.FILE_NAME);
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		String stored = first.seal("wh_1", "whsec_abc");
		SecretCipher second = WebhookEncryptionKeys.cipher(properties(null, false, null), this.directory, false);
		assertThat(second.keyId()).isEqualTo(first.keyId());
		assertThat(second.open("wh_1", stored)).isEqualTo("whsec_abc");
		assertThat(output.getAll()).contains("Generated the key", file.toString())
			.doesNotContain(Files.readString(file).trim());
	}

	@Test
	void usesAPerProcessKeyWithoutDataDirectory(CapturedOutput output) {
		SecretCipher a = WebhookEncryptionKeys.cipher(properties(null, false, null), null, true);
		SecretCipher b = WebhookEncryptionKeys.cipher(properties(null, false, null), null, true);
		assertThat(a.keyId()).isNotEqualTo(b.keyId());
		assertThat(output.getAll()).contains("lives only in this process");
	}

	@Test
	void refusesToGoOnWithoutAKeyWhenOneIsRequired() {
		assertThatThrownBy(() -> WebhookEncryptionKeys.cipher(properties(null, true, null), this.directory, false))
			.isInstanceOf(WebhookEncryptionKeyException.class)
			.hasMessageContaining("todo.webhooks.encryption.key is not set")
			.satisfies((ex) -> assertThat(((WebhookEncryptionKeyException) ex).action())
				.contains("aws secretsmanager create-secret --name todo-streams/webhooks")
				.contains("secretsmanager:GetSecretValue"));
		assertThat(this.directory.resolve(WebhookEncryptionKeys.FILE_NAME)).doesNotExist();
	}

	@Test
	void refusesAKeyThatIsNotBase64Of32Bytes() {
		assertThatThrownBy(() -> WebhookEncryptionKeys.cipher(properties("c2hvcnQ=", false, null), null, true))
			.isInstanceOf(WebhookEncryptionKeyException.class)
			.hasMessageContaining("is 5 bytes long; AES-256 needs 32");
		assertThatThrownBy(() -> WebhookEncryptionKeys.cipher(properties("not base64!", false, null), null, true))
			.isInstanceOf(WebhookEncryptionKeyException.class)
			.hasMessageContaining("is not base64");
	}

	@Test
	void acceptsTheUnpaddedKeyThatTheCloudFormationTemplateGenerates() {
		String generated = "Q7mZx2Lr9VbT4kNc8HsW1pYd6GfJ3aUe5RqKo0XyBnM"; // 43 letters and digits
		assertThat(generated).hasSize(43);
		SecretCipher cipher = WebhookEncryptionKeys.cipher(properties(generated, true, null), null, false);
		assertThat(cipher.open("wh_1", cipher.seal("wh_1", "whsec_abc"))).isEqualTo("whsec_abc");
	}

	@Test
	void analyzesTheFailureIntoWhatIsWrongAndWhatToDo() {
		WebhookEncryptionKeyException failure = new WebhookEncryptionKeyException("what is wrong", "what to do");
		var analysis = new WebhookEncryptionKeyFailureAnalyzer().analyze(new IllegalStateException(failure));
		assertThat(analysis.getDescription()).isEqualTo("what is wrong");
		assertThat(analysis.getAction()).isEqualTo("what to do");
	}

	private static WebhookEncryptionProperties properties(String key, boolean required, Path file) {
		return new WebhookEncryptionProperties(key, List.of(), file, required, "todo-streams/webhooks");
	}

}
