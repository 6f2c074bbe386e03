package dev.todostreams.todo;

/** The key that signs list cursors is missing or unusable; the start-up failure says what to do. */
class CursorKeyException extends RuntimeException {

	private final String action;

	CursorKeyException(String message, String action) {
		super(message);
		this.action = action;
	}

	String action() {
		return this.action;
	}

}
