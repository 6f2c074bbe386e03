package dev.todostreams.system;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

/**
 * Per-client rate limits on API writes ({@code todo.api.rate-limit.*}). A client is the authenticated principal, or
 * the remote address when there is none. Off in the default mode (application.yml: one developer on one machine, and
 * the benchmarks write as fast as they can); on everywhere else.
 *
 * @param enabled refuse writes over the limits with 429
 * @param writes every POST, PUT, PATCH and DELETE under {@code /api}; default a burst of 300 and 300 per minute
 * @param webhookCreation {@code POST /api/webhooks}, in addition to {@code writes}; default 10 and 2 per minute
 * @param maxClients the most clients whose buckets are kept; the least recently seen is forgotten first
 */
@Validated
@ConfigurationProperties("todo.api.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @Valid @Nullable Limit writes,
		@Valid @Nullable Limit webhookCreation, @DefaultValue("10000") @Min(1) int maxClients) {

	static final Limit DEFAULT_WRITES = new Limit(300L, 300L);

	static final Limit DEFAULT_WEBHOOK_CREATION = new Limit(10L, 2L);

	public RateLimitProperties {
		writes = Limit.withDefaults(writes, DEFAULT_WRITES);
		webhookCreation = Limit.withDefaults(webhookCreation, DEFAULT_WEBHOOK_CREATION);
	}

	/**
	 * A token bucket; an unset field takes the default of its limit (writes 300 and 300, webhook creation 10 and 2).
	 *
	 * @param capacity the burst: requests allowed at once after a quiet period
	 * @param refillPerMinute the sustained rate, refilled continuously
	 */
	public record Limit(@Nullable @Min(1) Long capacity, @Nullable @Min(1) Long refillPerMinute) {

		static Limit withDefaults(@Nullable Limit limit, Limit defaults) {
			if (limit == null) {
				return defaults;
			}
			return new Limit((limit.capacity() != null) ? limit.capacity() : defaults.capacity(),
					(limit.refillPerMinute() != null) ? limit.refillPerMinute() : defaults.refillPerMinute());
		}

	}

}
