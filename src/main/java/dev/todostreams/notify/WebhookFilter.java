package dev.todostreams.notify;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which status changes a subscription wants. {@code "*"} matches any status; {@code "(none)"} matches the absence
 * of one, so {@code from: ["(none)"]} asks for creations ({@code todo.created}) and {@code to: ["(none)"]} for
 * deletions and expiries ({@code todo.deleted}, {@code todo.expired}). The default, {@code * -> *}, is every
 * status change of an existing todo ({@code todo.status_changed}).
 *
 * @param from accepted statuses before the change
 * @param to accepted statuses after the change
 */
public record WebhookFilter(List<String> from, List<String> to) {

	public static final String ANY = "*";

	public static final String NONE = "(none)";

	public static final WebhookFilter ALL_STATUS_CHANGES = new WebhookFilter(List.of(ANY), List.of(ANY));

	public WebhookFilter {
		from = List.copyOf(Set.copyOf(from)).stream().sorted().toList();
		to = List.copyOf(Set.copyOf(to)).stream().sorted().toList();
		if (from.isEmpty() || to.isEmpty()) {
			throw new IllegalArgumentException("from and to each need at least one status, \"*\" or \"(none)\"");
		}
	}

	public boolean matches(@Nullable String fromStatus, @Nullable String toStatus) {
		return matches(this.from, fromStatus) && matches(this.to, toStatus);
	}

	private static boolean matches(List<String> accepted, @Nullable String status) {
		if (status == null) {
			return accepted.contains(NONE);
		}
		return accepted.contains(ANY) || accepted.contains(status);
	}

	@Override
	public String toString() {
		return this.from + " -> " + this.to;
	}

}
