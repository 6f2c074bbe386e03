package dev.todostreams.system;

/** The security configuration cannot work; thrown before any bean is created ({@link SecurityModeEnvironment}). */
public class SecuritySetupException extends RuntimeException {

	private final String action;

	SecuritySetupException(String description, String action) {
		super(description);
		this.action = action;
	}

	public String action() {
		return this.action;
	}

}
