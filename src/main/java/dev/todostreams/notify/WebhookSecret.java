package dev.todostreams.notify;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A signing secret in the Standard Webhooks form {@code whsec_<base64 of the key bytes>}. {@link #toString()} never
 * shows the value, so a secret cannot leak through a log line by accident.
 */
public final class WebhookSecret {

	static final String PREFIX = "whsec_";

	private static final int KEY_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String value;

	private final byte[] key;

	private WebhookSecret(String value, byte[] key) {
		this.value = value;
		this.key = key;
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
		return this.value;
	}

	byte[] key() {
		return this.key.clone();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof WebhookSecret) && ((WebhookSecret) other).value.equals(this.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return "whsec_***";
	}

}
