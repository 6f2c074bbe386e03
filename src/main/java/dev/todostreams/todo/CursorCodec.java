package dev.todostreams.todo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes list cursors opaque and tamper-evident: {@code keyId "." base64url(json) "." base64url(HMAC-SHA256)}, the
 * HMAC taken over {@code keyId "." base64url(json)}. A cursor is signed with the current key and accepted with it or
 * any previous key (rotation); one whose key id is none of these (a retired key, another deployment's key, or the
 * format before key ids) is refused as "no longer valid" so the client restarts its listing, and one that was
 * changed or forged is refused as invalid.
 */
final class CursorCodec {

	private static final String ALGORITHM = "HmacSHA256";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String currentKeyId;

	private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

	/** A codec that signs with {@code secret} and accepts nothing else. */
	CursorCodec(byte[] secret) {
		this(secret, List.of());
	}

	/** A codec that signs with {@code current} and also accepts cursors signed with any of {@code previous}. */
	CursorCodec(byte[] current, List<byte[]> previous) {
		this.currentKeyId = keyId(current);
		this.keys.put(this.currentKeyId, new SecretKeySpec(current, ALGORITHM));
		for (byte[] key : previous) {
			this.keys.putIfAbsent(keyId(key), new SecretKeySpec(key, ALGORITHM));
		}
	}

	/**
	 * The public id of a key: the first 8 characters of base64url(SHA-256(key)), so a cursor names the key that
	 * signed it without revealing it.
	 */
	static String keyId(byte[] key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/** The id of the key new cursors are signed with. */
	String currentKeyId() {
		return this.currentKeyId;
	}

	/** The ids of the keys cursors are accepted with, the current one first. */
	List<String> acceptedKeyIds() {
		return new ArrayList<>(this.keys.keySet());
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
		String signed = this.currentKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(json);
		return signed + "." + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(sign(this.keys.get(this.currentKeyId), signed));
	}

	/**
	 * Reads a cursor made by {@link #encode}.
	 * @throws org.springframework.web.ErrorResponseException 400 "Cursor no longer valid" (with
	 * {@code restartListing: true}) when the key that signed it is not accepted here, 400 "Invalid cursor" when it
	 * is malformed or its signature is wrong
	 */
	Position decode(String cursor) {
		String[] parts = cursor.split("\\.", -1);
		if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
			// the format before key ids: signed with a key that cannot be named, so not one accepted any more
			throw TodoProblems.cursorNoLongerValid();
		}
		if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
			throw TodoProblems.invalidCursor();
		}
		SecretKeySpec key = this.keys.get(parts[0]);
		if (key == null) {
			throw TodoProblems.cursorNoLongerValid();
		}
		try {
			Base64.Decoder base64 = Base64.getUrlDecoder();
			byte[] signature = base64.decode(parts[2]);
			if (!MessageDigest.isEqual(sign(key, parts[0] + "." + parts[1]), signature)) {
				throw TodoProblems.invalidCursor();
			}
			Position position = JSON.readValue(base64.decode(parts[1]), Position.class);
			if (position == null || position.phase() == null || position.key() == null) {
				throw TodoProblems.invalidCursor();
			}
			return position;
		}
		catch (IllegalArgumentException | JacksonException ex) {
			throw TodoProblems.invalidCursor();
		}
	}

	private static byte[] sign(SecretKeySpec key, String data) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
