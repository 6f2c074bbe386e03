package dev.todostreams.live;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Change events and a recording subscriber for the live feed's tests. */
final class LiveFixtures {

	private LiveFixtures() {
	}

	static ChangeEvent change(String eventId, String todoId, String from, String to) {
		return new ChangeEvent(null, todoId, "MODIFY", from, to, "Write report", "2024-03-25", 2L, null, eventId,
				Instant.parse("2024-03-25T10:00:00Z"), null);
	}

	static final class RecordingSubscriber implements FeedSubscriber {

		final List<FeedEvent> events = new CopyOnWriteArrayList<>();

		final AtomicInteger heartbeats = new AtomicInteger();

		final AtomicBoolean closed = new AtomicBoolean();

		volatile boolean broken;

		@Override
		public void send(FeedEvent event) throws IOException {
			if (this.broken) {
				throw new IOException("Broken pipe");
			}
			this.events.add(event);
		}

		@Override
		public void heartbeat() throws IOException {
			if (this.broken) {
				throw new IOException("Broken pipe");
			}
			this.heartbeats.incrementAndGet();
		}

		@Override
		public void close() {
			this.closed.set(true);
		}

		List<String> eventIds() {
			return this.events.stream().map((event) -> (event.change() != null) ? event.change().eventId() : "-").toList();
		}

	}

}
