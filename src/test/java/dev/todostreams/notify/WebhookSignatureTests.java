package dev.todostreams.notify;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class WebhookSignatureTests {

	static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	@Test
	void matchesTheStandardWebhooksTestVector() {
		String signature = WebhookSignature.sign(WebhookSecret.of(SPEC_SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek",
				1614265330L, "{\"test\": 2432232314}");
		assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void isAcceptedByTheIndependentVerifier() throws Exception {
		WebhookSecret secret = WebhookSecret.generate();
		long now = Instant.now().getEpochSecond();
		String body = "{\"type\":\"todo.status_changed\",\"data\":{\"todoId\":\"T1001\"}}";
		String header = WebhookSignature.header(List.of(secret), "msg_abc", now, body);
		assertThatNoException().isThrownBy(() -> new Webhook(secret.value()).verify(body, headers("msg_abc", now, header)));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> new Webhook(secret.value()).verify(body + " ", headers("msg_abc", now, header)));
		assertThatExceptionOfType(WebhookVerificationException.class).isThrownBy(
				() -> new Webhook(WebhookSecret.generate().value()).verify(body, headers("msg_abc", now, header)));
	}

	@Test
	void signsWithBothSecretsDuringARotation() throws Exception {
		WebhookSecret previous = WebhookSecret.generate();
		WebhookSecret current = WebhookSecret.generate();
		long now = Instant.now().getEpochSecond();
		String header = WebhookSignature.header(List.of(current, previous), "msg_1", now, "{}");
		assertThat(header.split(" ")).hasSize(2).allMatch((part) -> part.startsWith("v1,"));
		new Webhook(current.value()).verify("{}", headers("msg_1", now, header));
		new Webhook(previous.value()).verify("{}", headers("msg_1", now, header));
	}

	@Test
	void subscriptionSignsWithThePreviousSecretOnlyDuringTheGrace() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		Subscription rotated = WebhookFixtures.subscription("wh_1")
			.withRotatedSecret(WebhookSecret.generate(), now.plusSeconds(60), now);
		assertThat(rotated.signingSecrets(now)).hasSize(2);
		assertThat(rotated.signingSecrets(now.plusSeconds(60))).containsExactly(rotated.secret());
	}

	@Test
	void secretHasTheStandardFormAndHidesItselfInToString() {
		WebhookSecret secret = WebhookSecret.generate();
		assertThat(secret.value()).startsWith("whsec_").hasSizeGreaterThan(40);
		assertThat(WebhookSecret.of(secret.value())).isEqualTo(secret);
		assertThat(secret.toString()).doesNotContain(secret.value().substring(6));
		assertThat(WebhookFixtures.subscription("wh_1").toString()).doesNotContain("whsec_");
	}

	static HttpHeaders headers(String id, long timestamp, String signature) {
		return HttpHeaders.of(Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
				"webhook-signature", List.of(signature)), (a, b) -> true);
	}

}
