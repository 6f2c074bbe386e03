package dev.todostreams.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.todostreams.testsupport.TestApi;

/**
 * What the webhook end-to-end tests share: a client on the app's port, a fresh receiver per test, and the
 * subscriptions a test created, deleted after it.
 */
abstract class WebhookEndToEnd {

	static final Duration WAIT = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	TestApi client;

	WebhookReceiver receiver;

	final List<String> subscriptions = new ArrayList<>();

	@BeforeEach
	void start() throws Exception {
		this.client = TestApi.on(this.port);
		this.receiver = WebhookReceiver.start();
	}

	@AfterEach
	void stop() {
		this.subscriptions.forEach((id) -> this.client.delete("/api/webhooks/" + id));
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

}
