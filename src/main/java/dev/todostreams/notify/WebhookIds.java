package dev.todostreams.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Derives the {@code webhook-id} from the stream record's eventID and the subscription: the same change to the
 * same subscription always gets the same id (retries, replays, a second outbox write), so receivers can dedupe.
 */
public final class WebhookIds {

	private WebhookIds() {
	}

	public static String of(String eventId, String subscriptionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((eventId + "\n" + subscriptionId).getBytes(StandardCharsets.UTF_8));
			return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
