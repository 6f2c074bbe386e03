package dev.todostreams.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bucket;

/**
 * The token buckets of the clients seen lately, at most {@code maxClients} (least recently used forgotten first).
 * Forgetting a client costs little: it starts again with a full bucket, which it would have had anyway after a
 * quiet period as long as the time to refill. Memory stays bounded whatever the number of principals or addresses.
 */
final class ClientBuckets {

	private final RateLimitProperties.Limit writes;

	private final RateLimitProperties.Limit webhookCreation;

	private final Map<String, Buckets> buckets;

	ClientBuckets(RateLimitProperties properties) {
		this.writes = properties.writes();
		this.webhookCreation = properties.webhookCreation();
		int max = properties.maxClients();
		this.buckets = new LinkedHashMap<>(Math.min(max, 1024), 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Buckets> eldest) {
				return size() > max;
			}

		};
	}

	Buckets of(String client) {
		synchronized (this.buckets) {
			return this.buckets.computeIfAbsent(client,
					(key) -> new Buckets(bucket(this.writes), bucket(this.webhookCreation)));
		}
	}

	int size() {
		synchronized (this.buckets) {
			return this.buckets.size();
		}
	}

	private static Bucket bucket(RateLimitProperties.Limit limit) {
		return Bucket.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.capacity())
				.refillGreedy(limit.refillPerMinute(), Duration.ofMinutes(1)))
			.build();
	}

	record Buckets(Bucket writes, Bucket webhookCreation) {
	}

}
