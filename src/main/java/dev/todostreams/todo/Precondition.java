package dev.todostreams.todo;

import org.jspecify.annotations.Nullable;

/**
 * What a write requires of the current item, from {@code If-Match} / {@code If-None-Match}. It becomes the
 * write's condition expression, so the check and the write are one atomic step.
 *
 * @param kind the requirement
 * @param version the required version for {@link Kind#VERSION}
 * @param header the header value as sent, for messages
 */
record Precondition(Kind kind, long version, String header) {

	enum Kind {

		/** No requirement. */
		NONE,

		/** {@code If-Match: *}: the todo must exist. */
		EXISTS,

		/** {@code If-Match: "3"}: the todo must be at that version. */
		VERSION,

		/** {@code If-None-Match: *}: the todo must not exist yet. */
		ABSENT,

		/** An {@code If-Match} that can match no version (e.g. {@code "abc"}): always fails. */
		NEVER

	}

	static final Precondition NONE = new Precondition(Kind.NONE, 0, "");

	static Precondition of(@Nullable String ifMatch, @Nullable String ifNoneMatch) {
		if (ifNoneMatch != null && ifNoneMatch.trim().equals("*")) {
			return new Precondition(Kind.ABSENT, 0, ifNoneMatch);
		}
		if (ifMatch == null || ifMatch.isBlank()) {
			return NONE;
		}
		String value = ifMatch.trim();
		if (value.equals("*")) {
			return new Precondition(Kind.EXISTS, 0, value);
		}
		String tag = value.startsWith("W/") ? value.substring(2) : value;
		if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
			tag = tag.substring(1, tag.length() - 1);
		}
		try {
			long version = Long.parseLong(tag);
			if (version >= 0) {
				return new Precondition(Kind.VERSION, version, value);
			}
		}
		catch (NumberFormatException ex) {
			// falls through: an entity tag we never issue matches nothing
		}
		return new Precondition(Kind.NEVER, 0, value);
	}

}
