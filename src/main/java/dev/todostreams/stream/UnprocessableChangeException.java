package dev.todostreams.stream;

/**
 * Thrown by a listener (or the record decoder) when a change carries data it can never handle: a missing or
 * mistyped attribute, an item of an unexpected kind. Retrying cannot help, so the change is dead-lettered at once
 * with this message as its reason.
 */
public class UnprocessableChangeException extends RuntimeException {

	public UnprocessableChangeException(String reason) {
		super(reason);
	}

}
