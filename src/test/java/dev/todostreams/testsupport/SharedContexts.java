package dev.todostreams.testsupport;

/**
 * Property sets that integration tests of several packages share, so that Spring's test context cache starts one
 * application for all of them (a cached context is keyed by, among others, its properties in their order).
 */
public final class SharedContexts {

	/**
	 * The app in its default (local) mode without the stream consumer, on tables of its own: for tests of the HTTP
	 * surface that need no change stream ({@code LocalModeIntegrationTests}, {@code RestApiFuzzIntegrationTests}).
	 */
	public static final String NO_STREAM_TABLES = "todo.tables.prefix=it-http-";

	/** See {@link #NO_STREAM_TABLES}: list both, in this order. */
	public static final String NO_STREAM = "todo.stream.enabled=false";

	private SharedContexts() {
	}

}
