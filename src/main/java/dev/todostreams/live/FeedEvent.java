package dev.todostreams.live;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event of the feed.
 *
 * @param id the change-log position of the entry it shows; the SSE id a reconnecting client sends back as
 * {@code Last-Event-ID}
 * @param name {@link #CHANGE}, {@link #DELIVERIES} or {@link #RESET}
 * @param change the change, null for a reset
 */
public record FeedEvent(String id, String name, @Nullable ChangeEvent change) {

	/** A processed change. */
	public static final String CHANGE = "change";

	/** A change again, now with (more) news about the webhook deliveries it caused. */
	public static final String DELIVERIES = "deliveries";

	/** The client's position is unknown or older than the log keeps: it should reload what it shows. */
	public static final String RESET = "reset";

}
