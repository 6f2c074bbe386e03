package dev.todostreams.notify;

import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A signing secret in the Standard Webhooks form {@code whsec_<base64 of the key bytes>}. {@link #toString()} never
 * shows the value, so a secret cannot leak through a log line by accident. A secret read from the table that cannot
 * be decrypted is {@linkplain #unreadable(String, String) unreadable}: it keeps its stored form (written back as it
 * is), and asking for its value or key throws a {@link SecretUnreadableException} that says why.
 */
public final class WebhookSecret {

	static final String PREFIX = "whsec_";

	private static final int KEY_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	/** {@code whsec_...}, or the stored (encrypted) form when unreadable. */
	private final String value;

	private final byte[] key;

	private final @Nullable String unreadable;

	private WebhookSecret(String value, byte[] key, @Nullable String unreadable) {
		this.value = value;
		this.key = key;
		this.unreadable = unreadable;
	}

	private WebhookSecret(String value, byte[] key) {
		this(value, key, null);
	}

	/** A stored secret that could not be decrypted, with the reason (no key material in it). */
	static WebhookSecret unreadable(String stored, String reason) {
		return new WebhookSecret(stored, new byte[0], reason);
	}

	/** False when the stored value could not be decrypted. */
	public boolean readable() {
		return this.unreadable == null;
	}

	/** The stored form of an unreadable secret, written back unchanged so that nothing is lost. */
	String storedForm() {
		if (this.unreadable == null) {
			throw new IllegalStateException("a readable secret is sealed anew for every write");
		}
		return this.value;
	}

	/** A new secret of 32 random bytes. */
	public static WebhookSecret generate() {
		byte[] key = new byte[KEY_BYTES];
		RANDOM.nextBytes(key);
		return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key), key);
	}

	/**
	 * Reads a secret; the {@code whsec_} prefix is optional.
	 * @throws IllegalArgumentException when the rest is not base64 or empty
	 */
	public static WebhookSecret of(String value) {
		String encoded = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value;
		byte[] key = Base64.getDecoder().decode(encoded);
		if (key.length == 0) {
			throw new IllegalArgumentException("a webhook secret needs at least one key byte");
		}
		return new WebhookSecret(value.startsWith(PREFIX) ? value : PREFIX + encoded, key);
	}

	/** The secret as integrators configure it: {@code whsec_...}. */
	public String value() {
		requireReadable();
		return this.value;
	}

	byte[] key() {
		requireReadable();
		return this.key.clone();
	}

	/** @throws SecretUnreadableException when the stored value could not be decrypted */
	void requireReadable() {
		if (this.unreadable != null) {
			throw new SecretUnreadableException(this.unreadable);
		}
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof WebhookSecret) && ((WebhookSecret) other).value.equals(this.value)
				&& (((WebhookSecret) other).unreadable == null) == (this.unreadable == null);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return (this.unreadable == null) ? "whsec_***" : "whsec_(unreadable)";
	}

}
