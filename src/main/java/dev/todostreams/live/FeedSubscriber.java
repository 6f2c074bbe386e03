package dev.todostreams.live;

import java.io.IOException;

/** One open connection of the feed. Called from the feed's single thread only. */
public interface FeedSubscriber {

	/** Sends an event; throwing means the connection is gone and the subscriber is dropped. */
	void send(FeedEvent event) throws IOException;

	/** Sends a comment that keeps an idle connection open; throwing drops the subscriber. */
	void heartbeat() throws IOException;

	/** Ends the connection (dropped, or the feed closes). Must not throw. */
	void close();

}
