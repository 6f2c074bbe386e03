package dev.todostreams.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.todostreams.notify.ClosingReceiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook transport against real local receivers: connections go only to addresses the guard allowed, at
 * connect time; a request that meets a reused connection the receiver had closed is resent at once on a fresh one,
 * and nothing else is resent.
 */
class WebhookSenderTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final TargetGuard LENIENT = new TargetGuard(true, false, TargetGuard.Resolver.SYSTEM);

	WebhookSender sender;

	@AfterEach
	void close() {
		if (this.sender != null) {
			this.sender.close();
		}
	}

	@Test
	void aNameThatRebindsToAPrivateAddressAfterTheCheckIsRefusedAtConnectTime() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			// the first answer (the check) is public, every later one (the connect) is the receiver's loopback
			AtomicInteger lookups = new AtomicInteger();
			TargetGuard guard = new TargetGuard(false, false, (host) -> List.of(InetAddress
				.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")));
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, guard, 4);
			URI target = URI.create(receiver.url("/hook").replace("127.0.0.1", "rebind.example"));

			guard.check(target);
			WebhookSender.Result result = this.sender.send(target, "msg_1", 1, "v1,x", "{}");

			assertThat(result.statusCode()).isNull();
			assertThat(result.error()).startsWith("refused target: ").contains("127.0.0.1 (a loopback)");
			assertThat(receiver.received).isEmpty();
		}
	}

	@Test
	void loopbackNamesAndLiteralsAreRefusedAtConnectTimeWhenPrivateTargetsAreOff() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024,
					new TargetGuard(false, false, TargetGuard.Resolver.SYSTEM), 4);
			for (String url : List.of(receiver.url("/hook"), receiver.url("/hook").replace("127.0.0.1", "localhost"),
					receiver.url("/hook").replace("127.0.0.1", "[::ffff:127.0.0.1]"))) {
				WebhookSender.Result result = this.sender.send(URI.create(url), "msg_1", 1, "v1,x", "{}");
				assertThat(result.error()).as(url).startsWith("refused target: ");
			}
			assertThat(receiver.received).isEmpty();
		}
	}

	@Test
	void redirectsAreNotFollowed() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			receiver.answer((request) -> request.path().equals("/hook")
					? new WebhookReceiver.Answer(307, Map.of("Location", receiver.url("/elsewhere")))
					: new WebhookReceiver.Answer(200, Map.of()));
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, LENIENT, 4);

			WebhookSender.Result result = this.sender.send(URI.create(receiver.url("/hook")), "msg_1", 1, "v1,x", "{}");

			assertThat(result.statusCode()).isEqualTo(307);
			assertThat(receiver.received).extracting(WebhookReceiver.Received::path).containsExactly("/hook");
		}
	}

	@Test
	void aReusedConnectionTheReceiverClosedIsResentAtOnceOnAFreshOne() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver.start(Reply.CLOSE_AFTER_ANSWER)) {
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, LENIENT, 4);
			URI target = URI.create(receiver.url("/hook"));

			WebhookSender.Result first = this.sender.send(target, "msg_1", 1, "v1,x", "{}");
			await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> receiver.closed.get() == 1);
			WebhookSender.Result second = this.sender.send(target, "msg_2", 1, "v1,x", "{}");

			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(first.staleConnection()).isNull();
			assertThat(first.logged()).isNull();
			assertThat(second.statusCode()).isEqualTo(200);
			assertThat(second.staleConnection()).isNotNull();
			assertThat(second.logged()).startsWith("resent at once on a fresh connection");
			assertThat(receiver.received).extracting(WebhookReceiver.Received::webhookId)
				.containsExactly("msg_1", "msg_2");
			assertThat(receiver.accepted).hasValue(2);
		}
	}

	@Test
	void aKeepAliveConnectionClosedWhileIdleIsResentOnAFreshOne() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver.start((n) -> Reply.KEEP_ALIVE, Duration.ofMillis(100))) {
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, LENIENT, 4);
			URI target = URI.create(receiver.url("/hook"));

			assertThat(this.sender.send(target, "msg_1", 1, "v1,x", "{}").statusCode()).isEqualTo(200);
			await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> receiver.closed.get() == 1);
			WebhookSender.Result second = this.sender.send(target, "msg_2", 1, "v1,x", "{}");

			assertThat(second.statusCode()).isEqualTo(200);
			assertThat(second.staleConnection()).isNotNull();
			assertThat(receiver.received).extracting(WebhookReceiver.Received::webhookId)
				.containsExactly("msg_1", "msg_2");
		}
	}

	@Test
	void aFreshConnectionClosedWithoutAnswerIsNotResent() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver.start(Reply.CLOSE_UNANSWERED)) {
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, LENIENT, 4);

			WebhookSender.Result result = this.sender.send(URI.create(receiver.url("/hook")), "msg_1", 1, "v1,x", "{}");

			assertThat(result.statusCode()).isNull();
			assertThat(result.error()).contains("NoHttpResponseException");
			assertThat(result.staleConnection()).isNull();
			assertThat(receiver.received).hasSize(1);
			assertThat(receiver.accepted).hasValue(1);
		}
	}

	@Test
	void aReusedConnectionThatSentPartOfAnAnswerIsNotResent() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver
			.start((n) -> (n == 1) ? Reply.KEEP_ALIVE : Reply.PARTIAL_THEN_CLOSE, null)) {
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, LENIENT, 4);
			URI target = URI.create(receiver.url("/hook"));

			assertThat(this.sender.send(target, "msg_1", 1, "v1,x", "{}").statusCode()).isEqualTo(200);
			WebhookSender.Result second = this.sender.send(target, "msg_2", 1, "v1,x", "{}");

			assertThat(second.statusCode()).isNull();
			assertThat(second.error()).isNotBlank();
			assertThat(second.staleConnection()).isNull();
			assertThat(receiver.received).extracting(WebhookReceiver.Received::webhookId)
				.containsExactly("msg_1", "msg_2");
			assertThat(receiver.accepted).hasValue(1);
		}
	}

	@Test
	void anHttp10ReceiverGetsEveryRequestOnceOnItsOwnConnection() throws Exception {
		try (ClosingReceiver receiver = ClosingReceiver.start(Reply.HTTP_1_0)) {
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, LENIENT, 4);
			URI target = URI.create(receiver.url("/hook"));

			for (int i = 0; i < 20; i++) {
				WebhookSender.Result result = this.sender.send(target, "msg_" + i, 1, "v1,x", "{}");
				assertThat(result.statusCode()).isEqualTo(200);
				assertThat(result.staleConnection()).as("an HTTP/1.0 answer without keep-alive is never reused").isNull();
			}

			assertThat(receiver.received).extracting(WebhookReceiver.Received::webhookId).doesNotHaveDuplicates()
				.hasSize(20);
			assertThat(receiver.accepted).hasValue(20);
		}
	}

	@Test
	void readsAtMostTheConfiguredStartOfAnAnswer() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			this.sender = new WebhookSender(Duration.ofSeconds(5), 1, LENIENT, 4);

			WebhookSender.Result result = this.sender.send(URI.create(receiver.url("/hook")), "msg_1", 1, "v1,x", "{}");

			assertThat(result.statusCode()).isEqualTo(200);
			assertThat(result.body()).isEqualTo("o");
		}
	}

	@Test
	void anAnswerThatTakesLongerThanTheTimeoutIsATimeout() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			receiver.answer((request) -> {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return new WebhookReceiver.Answer(200, Map.of());
			});
			this.sender = new WebhookSender(Duration.ofMillis(500), 1024, LENIENT, 4);

			WebhookSender.Result result = this.sender.send(URI.create(receiver.url("/hook")), "msg_1", 1, "v1,x", "{}");

			assertThat(result.statusCode()).isNull();
			assertThat(result.error()).startsWith("timed out after 500 ms");
			assertThat(result.latencyMillis()).isBetween(500L, 4_000L);
			assertThat(receiver.received).hasSize(1);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void anUnresolvableHostIsAnError() {
		this.sender = new WebhookSender(Duration.ofSeconds(5), 1024, new TargetGuard(false, false, (host) -> {
			throw new UnknownHostException(host);
		}), 4);

		WebhookSender.Result result = this.sender.send(URI.create("http://nowhere.invalid/hook"), "msg_1", 1, "v1,x",
				"{}");

		assertThat(result.statusCode()).isNull();
		assertThat(result.error()).contains("UnknownHostException");
	}

}
