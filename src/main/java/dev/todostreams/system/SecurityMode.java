package dev.todostreams.system;

/** How callers are authenticated; {@code todo.security.mode}, resolved at start by {@link SecurityModeEnvironment}. */
public enum SecurityMode {

	/**
	 * One developer on their own machine (the default mode, no profile): loopback only, foreign {@code Host} and
	 * cross-site writes refused, no login; the local developer holds every authority.
	 */
	LOCAL,

	/**
	 * Every other mode ({@code aws}, {@code localstack}, any profile): bearer JWTs for API callers, OAuth2 login with
	 * a session and CSRF tokens for the browser.
	 */
	OAUTH2

}
