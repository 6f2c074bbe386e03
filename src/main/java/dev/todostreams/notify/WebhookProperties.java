package dev.todostreams.notify;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * Webhook delivery settings ({@code todo.webhooks.*}).
 *
 * @param enabled write outbox rows and deliver them at all
 * @param deliveryEnabled run the delivery worker in this instance (off: rows are only written)
 * @param timeout how long one attempt may take; only a 2xx within it is a success
 * @param retrySchedule wait before each attempt, the first normally 0; default the Standard Webhooks schedule
 * @param jitter fraction by which each non-zero wait varies
 * @param maxRetryAfter the longest Retry-After (429/503) that is honoured
 * @param disableAfter a subscription whose deliveries keep failing for this long is disabled
 * @param secretRotationGrace how long the previous secret still signs after a rotation
 * @param allowPrivateTargets allow loopback, private, link-local and metadata targets (default mode and tests)
 * @param requireHttps refuse plain-http targets
 * @param maxConcurrency deliveries in flight overall
 * @param maxConcurrencyPerEndpoint deliveries in flight to one subscription
 * @param maxResponseBody how much of a response body is read (and kept in the delivery log)
 * @param pollInterval how often the worker looks for due rows written elsewhere (new local rows wake it at once)
 * @param deliveryRetention how long finished deliveries are kept (TTL)
 * @param deliveryListLimit the most deliveries one page of the delivery log shows
 * @param maxSubscriptionsPerOwner the most subscriptions one principal may own; one more is a 409 problem
 */
@Validated
@ConfigurationProperties("todo.webhooks")
public record WebhookProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean deliveryEnabled,
		@DefaultValue("15s") @NotNull Duration timeout,
		@DefaultValue({ "0s", "5s", "5m", "30m", "2h", "5h", "10h", "14h", "20h", "24h" }) @NotEmpty List<Duration> retrySchedule,
		@DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double jitter,
		@DefaultValue("24h") @NotNull Duration maxRetryAfter, @DefaultValue("5d") @NotNull Duration disableAfter,
		@DefaultValue("24h") @NotNull Duration secretRotationGrace,
		@DefaultValue("false") boolean allowPrivateTargets, @DefaultValue("false") boolean requireHttps,
		@DefaultValue("64") @Min(1) int maxConcurrency, @DefaultValue("16") @Min(1) int maxConcurrencyPerEndpoint,
		@DefaultValue("4KB") @NotNull DataSize maxResponseBody, @DefaultValue("5s") @NotNull Duration pollInterval,
		@DefaultValue("30d") @NotNull Duration deliveryRetention, @DefaultValue("100") @Min(1) int deliveryListLimit,
		@DefaultValue("100") @Min(1) int maxSubscriptionsPerOwner) {

	public WebhookProperties {
		if (retrySchedule != null) {
			// fails the start with a clear message instead of failing every delivery attempt later
			new RetrySchedule(retrySchedule, jitter);
		}
	}

	public RetrySchedule schedule() {
		return new RetrySchedule(this.retrySchedule, this.jitter);
	}

}
