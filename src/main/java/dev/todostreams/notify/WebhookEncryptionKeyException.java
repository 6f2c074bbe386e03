package dev.todostreams.notify;

/** The key for webhook secrets at rest is missing or unusable; the start-up failure says what to do. */
class WebhookEncryptionKeyException extends RuntimeException {

	private final String action;

	WebhookEncryptionKeyException(String message, String action) {
		super(message);
		this.action = action;
	}

	WebhookEncryptionKeyException(String message, String action, Throwable cause) {
		super(message, cause);
		this.action = action;
	}

	String action() {
		return this.action;
	}

}
