package dev.todostreams.system;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The four authorities of the API (issue 12). They carry the {@code SCOPE_} prefix because the plain case is a JWT
 * with these scopes; a groups claim (Cognito's {@code cognito:groups}) maps to the same names
 * ({@link AuthorityMapping}).
 */
public final class TodoAuthorities {

	/** Read todos, statuses and the live change feed. */
	public static final String READ = "SCOPE_todo.read";

	/** Create, change and delete todos. */
	public static final String WRITE = "SCOPE_todo.write";

	/** Create and manage one's own webhook subscriptions and their deliveries. */
	public static final String WEBHOOKS = "SCOPE_webhooks";

	/** Every webhook subscription, dead letters and their replay, Actuator's details and metrics. */
	public static final String ADMIN = "SCOPE_admin";

	/** Everything; the local developer of the default mode holds these. */
	public static final List<String> ALL = List.of(READ, WRITE, WEBHOOKS, ADMIN);

	private TodoAuthorities() {
	}

	public static boolean isAdministrator(Authentication authentication) {
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (ADMIN.equals(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
