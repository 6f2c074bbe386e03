package dev.todostreams.todo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes list cursors opaque and tamper-evident: {@code base64url(json) "." base64url(HMAC-SHA256(json))}. A
 * cursor that was changed, forged, or made by an instance with another key is refused.
 */
final class CursorCodec {

	private static final String ALGORITHM = "HmacSHA256";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SecretKeySpec key;

	CursorCodec(byte[] secret) {
		this.key = new SecretKeySpec(secret, ALGORITHM);
	}

	/** A codec with the given secret, or a random one when none is configured. */
	static CursorCodec withSecret(@Nullable String secret) {
		if (secret != null && !secret.isBlank()) {
			return new CursorCodec(secret.getBytes(StandardCharsets.UTF_8));
		}
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return new CursorCodec(random);
	}

	/**
	 * Where a listing stopped.
	 *
	 * @param phase {@code index} (todos with a due date, through the GSI) or {@code scan} (the rest)
	 * @param status the status filter the cursor belongs to, or null for the unfiltered list
	 * @param key DynamoDB's exclusive start key, all string attributes; empty to start the phase at its beginning
	 */
	record Position(String phase, @Nullable String status, Map<String, String> key) {
	}

	String encode(Position position) {
		byte[] json = JSON.writeValueAsBytes(position);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString(json) + "." + base64.encodeToString(sign(json));
	}

	/**
	 * Reads a cursor made by {@link #encode}.
	 * @throws org.springframework.web.ErrorResponseException 400 when the cursor is malformed or its signature is
	 * wrong
	 */
	Position decode(String cursor) {
		int dot = cursor.indexOf('.');
		if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
			throw TodoProblems.invalidCursor();
		}
		try {
			Base64.Decoder base64 = Base64.getUrlDecoder();
			byte[] json = base64.decode(cursor.substring(0, dot));
			byte[] signature = base64.decode(cursor.substring(dot + 1));
			if (!MessageDigest.isEqual(sign(json), signature)) {
				throw TodoProblems.invalidCursor();
			}
			Position position = JSON.readValue(json, Position.class);
			if (position == null || position.phase() == null || position.key() == null) {
				throw TodoProblems.invalidCursor();
			}
			return position;
		}
		catch (IllegalArgumentException | JacksonException ex) {
			throw TodoProblems.invalidCursor();
		}
	}

	private byte[] sign(byte[] data) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
