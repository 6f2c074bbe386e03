package dev.todostreams.notify;

import java.net.URI;
import java.time.Instant;

final class WebhookFixtures {

	private WebhookFixtures() {
	}

	static Subscription subscription(String id) {
		Instant at = Instant.parse("2026-01-01T00:00:00Z");
		return new Subscription(id, URI.create("https://example.com/hook"), "test", WebhookFilter.ALL_STATUS_CHANGES,
				true, null, WebhookSecret.generate(), null, null, null, at, at, 1, "alice");
	}

}
