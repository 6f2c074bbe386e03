package dev.todostreams.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Finds the key that encrypts webhook secrets at rest, in this order: {@code todo.webhooks.encryption.key}; none
 * while {@code key-required} (the {@code aws} profile) is a refusal to start; a key file (the configured one, or
 * one in the emulator's data directory), generated with owner-only permissions on first use; else a random key for
 * this process only, for tables that live in memory and die with it. The key itself is never logged, only its id.
 */
@Slf4j
final class WebhookEncryptionKeys {

	static final String FILE_NAME = "webhook-secret-encryption.key";

	static final String KEY_PROPERTY = "todo.webhooks.encryption.key";

	private WebhookEncryptionKeys() {
	}

	/**
	 * The cipher for this instance.
	 * @param dataDirectory the embedded emulator's data directory, or null when the tables are elsewhere or in memory
	 * @param inMemoryTables whether the tables die with the process (the embedded emulator without data directory)
	 */
	static SecretCipher cipher(WebhookEncryptionProperties properties, @Nullable Path dataDirectory,
			boolean inMemoryTables) {
		List<byte[]> previous = new ArrayList<>();
		for (int i = 0; i < properties.previousKeys().size(); i++) {
			previous.add(decode(properties.previousKeys().get(i), "todo.webhooks.encryption.previous-keys[" + i + "]"));
		}
		String configured = properties.key();
		if (configured != null && !configured.isBlank()) {
			SecretCipher cipher = SecretCipher.of(decode(configured, KEY_PROPERTY), previous);
			log.info("Webhook secrets are encrypted at rest with the configured key {}{}", cipher.keyId(),
					previous.isEmpty() ? "" : " (" + previous.size() + " previous key(s) for reading)");
			return cipher;
		}
		if (properties.keyRequired()) {
			throw new WebhookEncryptionKeyException("Webhook secrets are stored encrypted, and in this mode the key "
					+ "must be configured: " + KEY_PROPERTY + " is not set.",
					"Store a key in AWS Secrets Manager as the secret '" + properties.secretName()
							+ "' with the JSON value {\"" + KEY_PROPERTY + "\":\"<base64 of 32 random bytes>\"}, e.g.\n"
							+ "    aws secretsmanager create-secret --name " + properties.secretName()
							+ " --secret-string \"{\\\"" + KEY_PROPERTY + "\\\":\\\"$(openssl rand -base64 32)\\\"}\"\n"
							+ "grant the service secretsmanager:GetSecretValue on it and start again (the 'aws' "
							+ "profile imports it with spring.config.import; todo.webhooks.encryption.secret-name "
							+ "names another secret). Or set " + KEY_PROPERTY
							+ " some other way, e.g. the environment variable TODO_WEBHOOKS_ENCRYPTION_KEY.");
		}
		Path file = (properties.keyFile() != null) ? properties.keyFile()
				: (dataDirectory != null) ? dataDirectory.resolve(FILE_NAME) : null;
		if (file != null) {
			return fromFile(file, previous);
		}
		SecretCipher cipher = SecretCipher.of(SecretCipher.randomKey(), previous);
		if (inMemoryTables) {
			log.info("Webhook secrets are encrypted at rest with a key that lives only in this process ({}): the "
					+ "embedded tables are in memory and end with it too. Set {} or todo.emulator.data-directory "
					+ "to keep both.", cipher.keyId(), KEY_PROPERTY);
		}
		else {
			log.warn("No {} set: webhook secrets are encrypted with a key that lives only in this process ({}). "
					+ "Secrets stored by an earlier process cannot be decrypted (rotate them); set {} when the "
					+ "tables outlive the process.", KEY_PROPERTY, cipher.keyId(), KEY_PROPERTY);
		}
		return cipher;
	}

	private static SecretCipher fromFile(Path file, List<byte[]> previous) {
		try {
			if (Files.exists(file)) {
				SecretCipher cipher = SecretCipher.of(
						decode(Files.readString(file, StandardCharsets.US_ASCII), "the key file " + file), previous);
				warnIfOthersCanRead(file);
				log.info("Webhook secrets are encrypted at rest with the key in {} ({})", file, cipher.keyId());
				return cipher;
			}
			byte[] key = SecretCipher.randomKey();
			write(file, Base64.getEncoder().encodeToString(key) + "\n");
			SecretCipher cipher = SecretCipher.of(key, previous);
			log.info("Generated the key that encrypts webhook secrets at rest: {} ({}, readable by this user only). "
					+ "Keep it with the data directory: without it the stored secrets cannot be decrypted.", file,
					cipher.keyId());
			return cipher;
		}
		catch (IOException ex) {
			throw new WebhookEncryptionKeyException(
					"The key file for webhook secrets at rest, " + file + ", cannot be read or written: " + ex,
					"Make its directory writable for this user, point todo.webhooks.encryption.key-file elsewhere, "
							+ "or set " + KEY_PROPERTY + ".",
					ex);
		}
	}

	/** Written to a new owner-only file first, then moved into place, so the key is never briefly readable. */
	private static void write(Path file, String content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path partial = directory.resolve(file.getFileName() + ".partial");
		Files.deleteIfExists(partial);
		if (Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null) {
			Files.createFile(partial,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		else {
			Files.createFile(partial); // not POSIX (Windows): the user profile's ACL applies
		}
		Files.writeString(partial, content, StandardCharsets.US_ASCII);
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
	}

	private static void warnIfOthersCanRead(Path file) throws IOException {
		if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
			return;
		}
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
		if (permissions.stream().anyMatch((p) -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
			log.warn("The key file {} can be read by other users ({}); make it owner-only: chmod 600 {}", file,
					PosixFilePermissions.toString(permissions), file);
		}
	}

	private static byte[] decode(String text, String source) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw badKey(source, "is not base64");
		}
		if (key.length != SecretCipher.KEY_BYTES) {
			throw badKey(source, "is " + key.length + " bytes long; AES-256 needs " + SecretCipher.KEY_BYTES);
		}
		return key;
	}

	private static WebhookEncryptionKeyException badKey(String source, String problem) {
		return new WebhookEncryptionKeyException("The webhook secret encryption key from " + source + " " + problem
				+ ".", "Use base64 of 32 random bytes, e.g. the output of: openssl rand -base64 32");
	}

}
