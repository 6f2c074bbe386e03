package dev.todostreams.todo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The configured status set and the per-status expiry. */
final class TodoStatuses {

	private final List<String> allowed;

	private final String defaultStatus;

	private final Map<String, Duration> expireAfter;

	TodoStatuses(TodoProperties properties) {
		this.allowed = properties.statuses();
		this.defaultStatus = properties.defaultStatus();
		this.expireAfter = properties.expireAfter();
		if (!this.allowed.contains(this.defaultStatus)) {
			throw new IllegalStateException("todo.api.default-status '%s' is not one of todo.api.statuses %s"
				.formatted(this.defaultStatus, this.allowed));
		}
		for (String status : this.expireAfter.keySet()) {
			if (!this.allowed.contains(status)) {
				throw new IllegalStateException(("todo.api.expire-after names '%s', which is not one of "
						+ "todo.api.statuses %s (use [brackets] around keys with spaces)").formatted(status,
								this.allowed));
			}
		}
	}

	List<String> allowed() {
		return this.allowed;
	}

	/** The given status, or the default one when absent. */
	String require(@Nullable String status) {
		if (status == null) {
			return this.defaultStatus;
		}
		if (!this.allowed.contains(status)) {
			throw TodoProblems.unknownStatus(status, this.allowed);
		}
		return status;
	}

	/** When a todo that enters {@code status} at {@code now} expires, or null if it does not. */
	@Nullable Instant expiresAt(String status, Instant now) {
		Duration ttl = this.expireAfter.get(status);
		return (ttl != null) ? now.plus(ttl) : null;
	}

}
