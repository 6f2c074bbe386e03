package dev.todostreams.stream;

import java.time.Duration;

/** Waits between retries; tests replace it to run without waiting. */
@FunctionalInterface
public interface Sleeper {

	Sleeper THREAD = (duration) -> Thread.sleep(duration.toMillis());

	void sleep(Duration duration) throws InterruptedException;

}
