package dev.todostreams.todo;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Finds the keys that sign and accept list cursors: {@code todo.api.cursor-secret} signs, it and every
 * {@code todo.api.previous-cursor-secrets} entry are accepted. Each key is at least {@value #MIN_BYTES} bytes (of its
 * UTF-8 text). Without a key, {@code todo.api.cursor-secret-required} (the {@code aws} profile) refuses to start;
 * otherwise a random key for this process only is used. Keys are never logged, only their ids.
 */
@Slf4j
final class CursorKeys {

	static final String SECRET = "todo.api.cursor-secret";

	static final String PREVIOUS = "todo.api.previous-cursor-secrets";

	static final String REQUIRED = "todo.api.cursor-secret-required";

	static final String SECRET_NAME = "todo.api.cursor-secret-name";

	static final int MIN_BYTES = 32;

	private CursorKeys() {
	}

	/** The codec for this instance, or a {@link CursorKeyException} saying what to configure. */
	static CursorCodec codec(TodoProperties properties) {
		CursorCodec codec = codec(properties.cursorSecret(), properties.previousCursorSecrets(),
				properties.cursorSecretRequired(), properties.cursorSecretName());
		if (properties.cursorSecret() == null || properties.cursorSecret().isBlank()) {
			log.info("{} is not set: list cursors are signed with a random key ({}) and do not survive a restart or "
					+ "work across instances", SECRET, codec.currentKeyId());
		}
		else {
			List<String> previous = codec.acceptedKeyIds();
			previous.remove(0);
			log.info("List cursors are signed with the configured key {}{}", codec.currentKeyId(),
					previous.isEmpty() ? "" : " and also accepted with the previous key(s) " + previous);
		}
		return codec;
	}

	/**
	 * Checks the configuration from the environment alone, so that a bean factory post-processor can refuse the
	 * start before any bean (and so any AWS client) exists.
	 */
	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		codec(binder.bind(SECRET, String.class).orElse(null),
				binder.bind(PREVIOUS, Bindable.listOf(String.class)).orElse(List.of()),
				binder.bind(REQUIRED, Boolean.class).orElse(false),
				binder.bind(SECRET_NAME, String.class).orElse("todo-streams/cursors"));
	}

	static CursorCodec codec(@Nullable String secret, List<String> previousSecrets, boolean required,
			String secretName) {
		List<byte[]> previous = new ArrayList<>();
		for (int i = 0; i < previousSecrets.size(); i++) {
			previous.add(decode(previousSecrets.get(i), PREVIOUS + "[" + i + "]"));
		}
		if (secret != null && !secret.isBlank()) {
			return new CursorCodec(decode(secret, SECRET), previous);
		}
		if (required) {
			throw new CursorKeyException("List cursors must work on every instance, and in this mode their key must "
					+ "be configured: " + SECRET + " is not set.",
					"Store a key in AWS Secrets Manager as the secret '" + secretName + "' with the JSON value {\""
							+ SECRET + "\":\"<at least 32 random bytes, e.g. base64 of 32>\"}, e.g.\n"
							+ "    aws secretsmanager create-secret --name " + secretName
							+ " --secret-string \"{\\\"" + SECRET + "\\\":\\\"$(openssl rand -base64 32)\\\"}\"\n"
							+ "grant the service secretsmanager:GetSecretValue on it and start again (the 'aws' "
							+ "profile imports it with spring.config.import; " + SECRET_NAME
							+ " names another secret). Or set " + SECRET
							+ " some other way, e.g. the environment variable TODO_API_CURSORSECRET, to the same "
							+ "value on every instance.");
		}
		byte[] random = new byte[MIN_BYTES];
		new SecureRandom().nextBytes(random);
		return new CursorCodec(random, previous);
	}

	private static byte[] decode(String text, String source) {
		byte[] key = text.trim().getBytes(StandardCharsets.UTF_8);
		if (key.length < MIN_BYTES) {
			throw new CursorKeyException("The list cursor key " + source + " is " + key.length
					+ " bytes long; a cursor key needs at least " + MIN_BYTES + " bytes.",
					"Use at least " + MIN_BYTES + " random bytes, e.g. the output of: openssl rand -base64 32 (and "
							+ "the same value on every instance).");
		}
		return key;
	}

}
