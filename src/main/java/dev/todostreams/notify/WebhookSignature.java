package dev.todostreams.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per secret, separated
 * by spaces (several during a secret rotation).
 */
public final class WebhookSignature {

	private static final String HMAC_SHA256 = "HmacSHA256";

	private WebhookSignature() {
	}

	/**
	 * The {@code webhook-signature} header value for one or more secrets (newest first).
	 * @throws SecretUnreadableException when the current (first) secret could not be decrypted
	 */
	public static String header(List<WebhookSecret> secrets, String webhookId, long timestamp, String body) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one secret is needed to sign");
		}
		// the current secret must be readable; a previous one that is not (rotated away from) is left out
		secrets.get(0).requireReadable();
		return secrets.stream()
			.filter(WebhookSecret::readable)
			.map((secret) -> sign(secret, webhookId, timestamp, body))
			.collect(Collectors.joining(" "));
	}

	/** One signature, {@code v1,<base64>}. */
	public static String sign(WebhookSecret secret, String webhookId, long timestamp, String body) {
		String content = webhookId + "." + timestamp + "." + body;
		try {
			Mac mac = Mac.getInstance(HMAC_SHA256);
			mac.init(new SecretKeySpec(secret.key(), HMAC_SHA256));
			byte[] digest = mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
