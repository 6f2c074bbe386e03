package dev.todostreams.emulator;

import java.net.URI;

/**
 * An embedded DynamoDB + DynamoDB Streams endpoint. {@code try (var db = DynamoDbEmulator.start(EmulatorOptions.defaults()))}
 * then point any AWS client at {@link #endpoint()}.
 */
public final class DynamoDbEmulator implements AutoCloseable {

	private DynamoDbEmulator() {
	}

	public static DynamoDbEmulator start(EmulatorOptions options) {
		throw new UnsupportedOperationException("emulator: not built yet");
	}

	/** The HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
	public URI endpoint() {
		throw new UnsupportedOperationException("emulator: not built yet");
	}

	public int port() {
		throw new UnsupportedOperationException("emulator: not built yet");
	}

	@Override
	public void close() {
	}
}
