package dev.todostreams.notify;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key that encrypts webhook secrets at rest ({@code todo.webhooks.encryption.*}).
 *
 * @param key base64 of 32 random bytes (AES-256); in the {@code aws} profile it comes from Secrets Manager
 * @param previousKeys earlier keys, only to read secrets sealed before a key rotation
 * @param keyFile where a generated key is kept when no key is set; default {@code <todo.emulator.data-directory>/}
 * {@value WebhookEncryptionKeys#FILE_NAME} when the embedded emulator keeps its data there
 * @param keyRequired refuse to start without {@code key} (the {@code aws} profile sets it)
 * @param secretName the Secrets Manager secret the {@code aws} profile imports (a JSON object with
 * {@code todo.webhooks.encryption.key}); named in the start-up failure when the key is missing
 */
@ConfigurationProperties("todo.webhooks.encryption")
public record WebhookEncryptionProperties(@Nullable String key, @DefaultValue List<String> previousKeys,
		@Nullable Path keyFile, @DefaultValue("false") boolean keyRequired,
		@DefaultValue("todo-streams/webhooks") String secretName) {
}
