package dev.todostreams.emulator.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the emulator returns to the client in the AWS JSON 1.0 shape:
 * {@code {"__type":"com.amazonaws.dynamodb.v20120810#<type>","message":"..."}} with HTTP 400
 * (or 500 for {@code InternalServerError}). Extra fields (e.g. {@code Item}, {@code CancellationReasons})
 * are added to the body.
 */
public class AwsException extends RuntimeException {

	private final String type;

	private final int status;

	private final Map<String, Object> extra = new LinkedHashMap<>();

	public AwsException(String type, String message) {
		this(type, 400, message);
	}

	public AwsException(String type, int status, String message) {
		super(message, null, false, false);
		this.type = type;
		this.status = status;
	}

	public static AwsException validation(String message) {
		return new AwsException("ValidationException", message);
	}

	public static AwsException serialization(String message) {
		return new AwsException("SerializationException", message);
	}

	public static AwsException resourceNotFound(String message) {
		return new AwsException("ResourceNotFoundException", message);
	}

	public static AwsException resourceInUse(String message) {
		return new AwsException("ResourceInUseException", message);
	}

	public static AwsException conditionalCheckFailed() {
		return new AwsException("ConditionalCheckFailedException", "The conditional request failed");
	}

	public String type() {
		return type;
	}

	public int status() {
		return status;
	}

	public Map<String, Object> extra() {
		return extra;
	}

	public AwsException with(String field, Object value) {
		extra.put(field, value);
		return this;
	}
}
