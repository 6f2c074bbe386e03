package dev.todostreams.notify;

import java.time.Clock;

/**
 * The clock the webhook feature runs on: the application's {@link Clock} bean if there is one, else system UTC.
 * A test moves it to check retry timing without sleeping.
 */
public record WebhookClock(Clock clock) {
}
