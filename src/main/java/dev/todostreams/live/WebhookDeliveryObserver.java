package dev.todostreams.live;

import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.notify.DeliveryAttempt;
import dev.todostreams.notify.DeliveryObserver;
import lombok.extern.slf4j.Slf4j;

/**
 * Hears this instance's delivery worker and writes each new state of a delivery into the change log (with the
 * subscription's owner, which decides who sees it), so every instance's feed shows it. The worker's threads only
 * queue the write; one thread of its own writes. The only class of {@code live} (besides its configuration) that
 * knows {@code notify}.
 */
@Slf4j
final class WebhookDeliveryObserver implements DeliveryObserver, AutoCloseable {

	private static final int QUEUE = 10_000;

	private final ChangeLog changeLog;

	private final ThreadPoolExecutor writer;

	WebhookDeliveryObserver(ChangeLog changeLog) {
		this.changeLog = changeLog;
		this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
				(task) -> {
					Thread thread = new Thread(task, "live-outcome-log");
					thread.setDaemon(true);
					return thread;
				});
	}

	@Override
	public void deliveryUpdated(Update update) {
		DeliveryAttempt last = update.lastAttempt();
		DeliveryOutcome outcome = new DeliveryOutcome(update.deliveryId(), update.subscriptionId(),
				update.url().toString(), update.state().name().toLowerCase(Locale.ROOT), update.attempts(),
				(last != null) ? last.statusCode() : null, (last != null) ? last.error() : null, update.owner());
		try {
			this.writer.execute(() -> append(update.eventId(), outcome));
		}
		catch (RejectedExecutionException ex) {
			log.warn("Delivery {} ({}) not written to the change log: {} states wait already", outcome.id(),
					outcome.state(), QUEUE);
		}
	}

	private void append(String eventId, DeliveryOutcome outcome) {
		for (int attempt = 1; attempt <= 3; attempt++) {
			try {
				this.changeLog.appendDelivery(eventId, outcome);
				return;
			}
			catch (RuntimeException ex) {
				log.debug("Writing delivery {} to the change log failed (attempt {}): {}", outcome.id(), attempt,
						ex.toString());
			}
		}
		log.warn("Delivery {} ({}) not written to the change log", outcome.id(), outcome.state());
	}

	@Override
	public void close() {
		this.writer.shutdown();
		try {
			this.writer.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.writer.shutdownNow();
	}

}
