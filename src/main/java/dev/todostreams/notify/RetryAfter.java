package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** Reads an HTTP {@code Retry-After} header: delay seconds or an HTTP date (RFC 9110, section 10.2.3). */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * @return the wait the receiver asked for, never negative, at most {@code max}; empty when the header is
	 * absent or unreadable
	 */
	public static Optional<Duration> parse(@Nullable String header, Instant now, Duration max) {
		if (header == null || header.isBlank()) {
			return Optional.empty();
		}
		String value = header.trim();
		Duration wait;
		if (value.chars().allMatch(Character::isDigit)) {
			if (value.length() > 12) {
				wait = max;
			}
			else {
				wait = Duration.ofSeconds(Long.parseLong(value));
			}
		}
		else {
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				wait = Duration.between(now, at);
			}
			catch (DateTimeParseException ex) {
				return Optional.empty();
			}
		}
		if (wait.isNegative()) {
			wait = Duration.ZERO;
		}
		return Optional.of((wait.compareTo(max) > 0) ? max : wait);
	}

}
