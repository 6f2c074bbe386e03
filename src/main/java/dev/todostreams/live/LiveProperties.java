package dev.todostreams.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The live change feed.
 *
 * @param bufferSize how many recent feed events are kept for reconnecting clients ({@code Last-Event-ID})
 * @param heartbeat how often an idle connection gets a comment line, so proxies keep it open and dead clients are
 * noticed
 * @param connectionTimeout how long one event stream stays open; the browser then reconnects with
 * {@code Last-Event-ID} and misses nothing that is still buffered
 * @param reconnectDelay the {@code retry:} hint sent to clients
 * @param deliveryTracking how long a change's deliveries are followed (the worker reports each new state)
 * @param deliveryTrackingLimit the most changes whose deliveries are followed at once; the oldest are dropped
 */
@Validated
@ConfigurationProperties("todo.live")
public record LiveProperties(@DefaultValue("1000") @Min(1) @Max(100_000) int bufferSize,
		@DefaultValue("15s") Duration heartbeat, @DefaultValue("10m") Duration connectionTimeout,
		@DefaultValue("2s") Duration reconnectDelay, @DefaultValue("2m") Duration deliveryTracking,
		@DefaultValue("10000") @Min(1) int deliveryTrackingLimit) {

	/** The defaults, for tests. */
	static LiveProperties defaults() {
		return new LiveProperties(1000, Duration.ofSeconds(15), Duration.ofMinutes(10), Duration.ofSeconds(2),
				Duration.ofMinutes(2), 10_000);
	}

}
