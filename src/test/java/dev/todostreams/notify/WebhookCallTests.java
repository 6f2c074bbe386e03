package dev.todostreams.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.todostreams.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One attempt without the worker: signed so that the Standard Webhooks library verifies it, and the answer classified
 * into the row's next state (delivered, the retry schedule's next step, failed for good with a reason to disable),
 * a refused target or an unreadable secret turned into a failed attempt without a request.
 */
class WebhookCallTests {

	private final MutableClock clock = MutableClock.startingNow();

	private final TargetGuard guard = new TargetGuard(true, false, TargetGuard.Resolver.SYSTEM);

	private WebhookReceiver receiver;

	private WebhookSender sender;

	private WebhookCall call;

	@BeforeEach
	void setUp() throws Exception {
		this.receiver = WebhookReceiver.start();
		this.sender = new WebhookSender(Duration.ofSeconds(10), 1024, this.guard, 4);
		this.call = new WebhookCall(this.sender, this.guard, properties(), this.clock, new Random(1));
	}

	@AfterEach
	void tearDown() {
		this.sender.close();
		this.receiver.close();
	}

	@Test
	void signsTheRequestSoTheReceiverVerifiesItAndA2xxDelivers() {
		Subscription target = subscription(this.receiver.url("/hook"));
		this.receiver.secret(target.secret().value());
		WebhookCall.Outcome outcome = this.call.send(delivery(target), target, 1);
		assertThat(this.receiver.verified()).singleElement()
			.satisfies((received) -> assertThat(received.body()).isEqualTo("{\"n\":1}"));
		assertThat(outcome.delivered()).isTrue();
		assertThat(outcome.attempt().statusCode()).isEqualTo(200);
		assertThat(outcome.attempt().responseBody()).isEqualTo("ok");
		assertThat(outcome.nextAttemptAt()).isNull();
		assertThat(outcome.summary()).isEqualTo("HTTP 200");
	}

	@Test
	void aServerErrorIsRetriedAtTheScheduleStepOfTheNextAttempt() {
		this.receiver.answer((request) -> new WebhookReceiver.Answer(500, Map.of()));
		Subscription target = subscription(this.receiver.url("/hook"));
		WebhookCall.Outcome outcome = this.call.send(delivery(target), target, 2);
		assertThat(outcome.decision().state()).isEqualTo(Delivery.State.PENDING);
		assertThat(outcome.nextAttemptAt()).as("the third step: 30 min, no jitter")
			.isEqualTo(outcome.finished().plus(Duration.ofMinutes(30)));
		assertThat(outcome.attempt().nextAttemptAt()).isEqualTo(outcome.nextAttemptAt());
		assertThat(outcome.summary()).isEqualTo("HTTP 500");
	}

	@Test
	void goneFailsForGoodWithAReasonToDisable() {
		this.receiver.answer((request) -> new WebhookReceiver.Answer(410, Map.of()));
		Subscription target = subscription(this.receiver.url("/hook"));
		WebhookCall.Outcome outcome = this.call.send(delivery(target), target, 1);
		assertThat(outcome.decision().state()).isEqualTo(Delivery.State.FAILED);
		assertThat(outcome.decision().disableReason()).contains("410");
	}

	@Test
	void aRefusedTargetIsAFailedAttemptWithoutARequest() {
		TargetGuard strict = new TargetGuard(false, false, TargetGuard.Resolver.SYSTEM);
		WebhookCall guarded = new WebhookCall(this.sender, strict, properties(), this.clock, new Random(1));
		Subscription target = subscription(this.receiver.url("/hook"));
		WebhookCall.Outcome outcome = guarded.send(delivery(target), target, 1);
		assertThat(this.receiver.received).isEmpty();
		assertThat(outcome.attempt().statusCode()).isNull();
		assertThat(outcome.attempt().error()).startsWith("refused target: ");
		assertThat(outcome.decision().state()).isEqualTo(Delivery.State.PENDING);
	}

	@Test
	void keepsOnlyTheStartOfALongResponseBody() {
		WebhookSender talkative = new WebhookSender(Duration.ofSeconds(10), 1024, this.guard, 4) {
			@Override
			public Result send(URI url, String webhookId, long timestamp, String signature, String body) {
				return new Result(200, null, "x".repeat(2000), null, 3);
			}
		};
		WebhookCall verbose = new WebhookCall(talkative, this.guard, properties(), this.clock, new Random(1));
		Subscription target = subscription(this.receiver.url("/hook"));
		WebhookCall.Outcome outcome = verbose.send(delivery(target), target, 1);
		talkative.close();
		assertThat(outcome.attempt().responseBody()).hasSize(WebhookCall.MAX_LOGGED_BODY);
		assertThat(outcome.attempt().latencyMillis()).isEqualTo(3);
	}

	private Subscription subscription(String url) {
		Instant now = this.clock.instant();
		return new Subscription("wh_call", URI.create(url), "", WebhookFilter.ALL_STATUS_CHANGES, true, null,
				WebhookSecret.generate(), null, null, null, now, now, 1, "alice");
	}

	private Delivery delivery(Subscription target) {
		Instant now = this.clock.instant();
		return new Delivery(WebhookIds.of("e1", target.id()), target.id(), WebhookPayloads.STATUS_CHANGED, "e1", "T1",
				"{\"n\":1}", Delivery.State.PENDING, 0, now, now, now, List.of());
	}

	private static WebhookProperties properties() {
		return new WebhookProperties(true, true, Duration.ofSeconds(10),
				List.of(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(30)), 0, Duration.ofHours(1),
				Duration.ofHours(1), Duration.ofHours(1), true, false, 8, 2, DataSize.ofKilobytes(1),
				Duration.ofMillis(200), Duration.ofDays(1), 100, 100);
	}

}
