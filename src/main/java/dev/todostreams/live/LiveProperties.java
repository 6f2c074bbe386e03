package dev.todostreams.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;

/**
 * The live change feed.
 *
 * @param heartbeat how often an idle connection gets a comment line, so proxies keep it open and dead clients are
 * noticed
 * @param connectionTimeout how long one event stream stays open; the browser then reconnects with
 * {@code Last-Event-ID} and misses nothing the change log still keeps
 * @param reconnectDelay the {@code retry:} hint sent to clients
 * @param deliveryTracking how long a change's deliveries are followed (the worker reports each new state)
 * @param deliveryTrackingLimit the most changes whose deliveries are followed at once; the oldest are dropped
 */
@Validated
@ConfigurationProperties("todo.live")
public record LiveProperties(@DefaultValue("15s") Duration heartbeat, @DefaultValue("10m") Duration connectionTimeout,
		@DefaultValue("2s") Duration reconnectDelay, @DefaultValue("2m") Duration deliveryTracking,
		@DefaultValue("10000") @Min(1) int deliveryTrackingLimit) {

	/** The defaults, for tests. */
	static LiveProperties defaults() {
		return new LiveProperties(Duration.ofSeconds(15), Duration.ofMinutes(10), Duration.ofSeconds(2),
				Duration.ofMinutes(2), 10_000);
	}

}
