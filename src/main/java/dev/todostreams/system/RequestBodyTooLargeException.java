package dev.todostreams.system;

import java.io.IOException;

/** A request body went past {@code todo.web.max-request-size}. */
class RequestBodyTooLargeException extends IOException {

	private final long limit;

	RequestBodyTooLargeException(long limit) {
		super("Request body is larger than " + limit + " bytes");
		this.limit = limit;
	}

	long limit() {
		return this.limit;
	}

}
