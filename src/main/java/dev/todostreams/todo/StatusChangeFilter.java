package dev.todostreams.todo;

import java.util.Arrays;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which status transitions a handler wants: sets of accepted {@code from} and {@code to} statuses where
 * {@link OnStatusChange#ANY} matches everything and {@link OnStatusChange#NONE} matches an absent status.
 */
public record StatusChangeFilter(Set<String> from, Set<String> to) {

	public StatusChangeFilter {
		from = Set.copyOf(from);
		to = Set.copyOf(to);
		if (from.isEmpty() || to.isEmpty()) {
			throw new IllegalArgumentException("from and to need at least one status (or \"*\")");
		}
	}

	public static StatusChangeFilter of(OnStatusChange annotation) {
		return new StatusChangeFilter(Set.copyOf(Arrays.asList(annotation.from())),
				Set.copyOf(Arrays.asList(annotation.to())));
	}

	public boolean matches(@Nullable String fromStatus, @Nullable String toStatus) {
		return matches(this.from, fromStatus) && matches(this.to, toStatus);
	}

	private static boolean matches(Set<String> accepted, @Nullable String status) {
		if (accepted.contains(OnStatusChange.ANY)) {
			return true;
		}
		return (status != null) ? accepted.contains(status) : accepted.contains(OnStatusChange.NONE);
	}

	@Override
	public String toString() {
		return this.from + " -> " + this.to;
	}

}
