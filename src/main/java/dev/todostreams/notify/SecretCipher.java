package dev.todostreams.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts webhook secrets for the subscriptions table with AES-256-GCM (JDK): a random 96-bit nonce per encryption,
 * a 128-bit tag, and the subscription id as associated data, so a ciphertext copied to another row does not open.
 * <p>
 * Stored form: {@code enc:v1:<key id>:<base64 of nonce, ciphertext and tag>}. The key id is a short fingerprint of
 * the key, so a value names the key that sealed it and keys can be rotated (new values use the current key, values
 * under an earlier key are read as long as that key is configured as a previous one). A value without the
 * {@code enc:} prefix is a plaintext secret written by an earlier version; it is read as it is and sealed at the
 * next write.
 */
public final class SecretCipher {

	static final String PREFIX = "enc:";

	static final String FORMAT = PREFIX + "v1:";

	static final int KEY_BYTES = 32;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String currentId;

	private final Map<String, SecretKey> keys;

	private SecretCipher(byte[] current, List<byte[]> previous) {
		this.currentId = keyId(current);
		Map<String, SecretKey> keys = new LinkedHashMap<>();
		keys.put(this.currentId, aesKey(current));
		for (byte[] key : previous) {
			keys.putIfAbsent(keyId(key), aesKey(key));
		}
		this.keys = Map.copyOf(keys);
	}

	/**
	 * A cipher that seals with {@code current} and also opens values sealed with one of {@code previous}.
	 * @throws IllegalArgumentException when a key is not 32 bytes
	 */
	public static SecretCipher of(byte[] current, List<byte[]> previous) {
		return new SecretCipher(current, previous);
	}

	/** A cipher with a new random key, known to nobody else (tests, and in-memory tables that die with the process). */
	public static SecretCipher random() {
		return of(randomKey(), List.of());
	}

	static byte[] randomKey() {
		byte[] key = new byte[KEY_BYTES];
		RANDOM.nextBytes(key);
		return key;
	}

	/** The id of the key new values are sealed with. */
	public String keyId() {
		return this.currentId;
	}

	/** True when {@code stored} is an encrypted value (of any format version), false for a legacy plaintext. */
	static boolean isSealed(String stored) {
		return stored.startsWith(PREFIX);
	}

	/** Encrypts {@code plaintext} for the subscription {@code subscriptionId}. */
	public String seal(String subscriptionId, String plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentId), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData(this.currentId, subscriptionId));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[NONCE_BYTES + sealed.length];
			System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
			System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
			return FORMAT + this.currentId + ":" + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JVM", ex);
		}
	}

	/**
	 * The plaintext of a stored value of the subscription {@code subscriptionId}; a legacy plaintext value as it is.
	 * @throws SecretUnreadableException when the value was changed, belongs to another subscription, names a key
	 * that is not configured, or is not in the stored form
	 */
	public String open(String subscriptionId, String stored) {
		if (!isSealed(stored)) {
			return stored;
		}
		if (!stored.startsWith(FORMAT)) {
			throw unreadable(subscriptionId, "it is in a format this version does not know ("
					+ stored.substring(0, Math.min(stored.length(), 8)) + "...)");
		}
		int colon = stored.indexOf(':', FORMAT.length());
		if (colon < 0) {
			throw unreadable(subscriptionId, "it is not of the form enc:v1:<key id>:<base64>");
		}
		String keyId = stored.substring(FORMAT.length(), colon);
		SecretKey key = this.keys.get(keyId);
		if (key == null) {
			throw unreadable(subscriptionId, "it was encrypted with key " + keyId + ", which is not configured "
					+ "(todo.webhooks.encryption.key, or previous-keys for a key rotated out)");
		}
		byte[] data;
		try {
			data = Base64.getDecoder().decode(stored.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			throw unreadable(subscriptionId, "its ciphertext is not valid base64");
		}
		if (data.length < NONCE_BYTES + TAG_BITS / 8) {
			throw unreadable(subscriptionId, "its ciphertext is too short");
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
			cipher.updateAAD(associatedData(keyId, subscriptionId));
			byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (AEADBadTagException ex) {
			throw unreadable(subscriptionId,
					"its authentication tag does not match (the value was changed, or belongs to another subscription)");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JVM", ex);
		}
	}

	/** A short, non-secret fingerprint that names a key in stored values and logs. */
	public static String keyId(byte[] key) {
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException(
					"an encryption key must be " + KEY_BYTES + " bytes (256 bits), not " + key.length);
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update("todo-streams webhook secret key id".getBytes(StandardCharsets.UTF_8));
			return "k" + HexFormat.of().formatHex(digest.digest(key), 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

	private static SecretKey aesKey(byte[] key) {
		keyId(key); // checks the length
		return new SecretKeySpec(key, "AES");
	}

	/** Binds a value to its format, key and subscription: moved to another row, it fails authentication. */
	private static byte[] associatedData(String keyId, String subscriptionId) {
		return ("todo-streams/webhook-secret/v1/" + keyId + "/" + subscriptionId).getBytes(StandardCharsets.UTF_8);
	}

	private static SecretUnreadableException unreadable(String subscriptionId, String why) {
		return new SecretUnreadableException("The stored secret of webhook subscription '" + subscriptionId
				+ "' cannot be decrypted: " + why + ". Rotate the secret (POST /api/webhooks/" + subscriptionId
				+ "/rotate-secret) to give the subscription a new one.");
	}

	@Override
	public String toString() {
		return "SecretCipher[key=" + this.currentId + ", keys=" + this.keys.keySet() + "]";
	}

}
