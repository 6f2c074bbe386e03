package dev.todostreams.notify;

/** A webhook URL that may not be called; the message says why and is safe to show to the client. */
public class RefusedTargetException extends RuntimeException {

	public RefusedTargetException(String message) {
		super(message);
	}

}
