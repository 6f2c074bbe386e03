package dev.todostreams.notify;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of {@code /api/webhooks}. */
final class WebhookApi {

	private WebhookApi() {
	}

	/** Create (all but url optional) or update (all optional: absent means unchanged). */
	record SubscriptionRequest(@Nullable String url, @Nullable String description, @Nullable FilterBody filter,
			@Nullable Boolean enabled) {
	}

	record FilterBody(@Nullable List<String> from, @Nullable List<String> to) {
	}

	/** A subscription as shown; {@code secret} only in the answers to create and rotate. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SubscriptionView(String id, String url, String description, FilterBody filter, boolean enabled,
			@Nullable String disabledReason, @Nullable Instant failingSince, @Nullable Instant previousSecretValidUntil,
			Instant createdAt, Instant updatedAt, @Nullable String secret) {

		static SubscriptionView of(Subscription s, Instant now, @Nullable String secret) {
			Instant grace = (s.previousSecretExpiresAt() != null && now.isBefore(s.previousSecretExpiresAt()))
					? s.previousSecretExpiresAt() : null;
			return new SubscriptionView(s.id(), s.url().toString(), s.description(),
					new FilterBody(s.filter().from(), s.filter().to()), s.enabled(), s.disabledReason(),
					s.failingSince(), grace, s.createdAt(), s.updatedAt(), secret);
		}

		/** Without the secret: a view logged by accident (a debugging line, an exception message) must not leak it. */
		@Override
		public String toString() {
			return "SubscriptionView[id=" + this.id + ", url=" + this.url + ", enabled=" + this.enabled
					+ ((this.secret != null) ? ", secret=whsec_***" : "") + "]";
		}

	}

	record SubscriptionList(List<SubscriptionView> items) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AttemptView(Instant at, @Nullable Integer statusCode, long latencyMillis, @Nullable String error,
			@Nullable String responseBody, @Nullable Instant nextAttemptAt) {

		static AttemptView of(DeliveryAttempt a) {
			return new AttemptView(a.at(), a.statusCode(), a.latencyMillis(), a.error(), a.responseBody(),
					a.nextAttemptAt());
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record DeliveryView(String id, String subscriptionId, String eventType, String eventId, String todoId,
			String state, @Nullable Instant nextAttemptAt, Instant createdAt, Instant updatedAt,
			List<AttemptView> attempts, String payload) {

		static DeliveryView of(Delivery d) {
			return new DeliveryView(d.id(), d.subscriptionId(), d.eventType(), d.eventId(), d.todoId(),
					d.state().name().toLowerCase(java.util.Locale.ROOT),
					(d.state() == Delivery.State.PENDING) ? d.nextAttemptAt() : null, d.createdAt(), d.updatedAt(),
					d.attempts().stream().map(AttemptView::of).toList(), d.payload());
		}

	}

	record DeliveryList(List<DeliveryView> items) {
	}

	record Redelivered(int redelivered, List<String> ids) {
	}

}
