package dev.todostreams.infra;

/**
 * The LocalStack image the Testcontainers tests and docker-compose.yml use (a test keeps the two equal). 4.14.0 is
 * the last tag that starts without {@code LOCALSTACK_AUTH_TOKEN}; later ones need the token, which the tests and
 * the compose file pass through when it is set.
 */
public final class LocalStackImage {

	public static final String NAME = "localstack/localstack:4.14.0";

	private LocalStackImage() {
	}

}
