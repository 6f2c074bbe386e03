package dev.todostreams.system;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Resolves {@code todo.security.mode} once the configuration is loaded and before any bean exists, and sets the
 * mode's defaults (as the lowest-precedence property source, so anything configured wins). Refuses to start, before
 * anything touches AWS, when the {@code aws} profile would run without authentication; {@link #requireIssuer} refuses
 * the {@code oauth2} mode without an issuer to check tokens against.
 */
class SecurityModeEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String MODE = "todo.security.mode";

	static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	static final String SOURCE = "todoSecurityModeDefaults";

	@Override
	public int getOrder() {
		// after the config data (application*.yml, profiles) is loaded; before AotStartGuard
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		SecurityMode mode = mode(environment);
		boolean aws = environment.matchesProfiles("aws");
		if (aws && mode == SecurityMode.LOCAL) {
			throw new SecuritySetupException("The 'aws' profile runs with authentication: " + MODE
					+ "=local (no login, loopback only) is for a developer's machine and is refused here.",
					"Remove " + MODE + "=local, and set " + ISSUER + " to your OpenID Connect issuer (e.g. "
							+ "https://cognito-idp.<region>.amazonaws.com/<user pool id>).");
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put(MODE, mode.name().toLowerCase(Locale.ROOT));
		if (mode == SecurityMode.LOCAL) {
			defaults.put("server.address", "127.0.0.1");
			defaults.put("todo.webhooks.allow-private-targets", "true");
			defaults.put("management.endpoint.health.show-details", "always");
			defaults.put("management.endpoint.health.show-components", "always");
		}
		else {
			defaults.put("todo.webhooks.allow-private-targets", "false");
			defaults.put("management.endpoint.health.show-details", "when-authorized");
			defaults.put("management.endpoint.health.show-components", "when-authorized");
			defaults.put("management.endpoint.health.roles", TodoAuthorities.ADMIN);
		}
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
	}

	/**
	 * Refuses the {@code oauth2} mode without an issuer. Called by a bean factory post-processor, before any bean
	 * (and so any AWS client) is created: test property sources are in the environment by then, not yet here.
	 */
	static void requireIssuer(Environment environment) {
		if (StringUtils.hasText(environment.getProperty(ISSUER))) {
			return;
		}
		boolean aws = environment.matchesProfiles("aws");
		String profiles = String.join(", ", environment.getActiveProfiles());
		throw new SecuritySetupException("No token issuer is configured: " + ISSUER + " is not set, and the "
				+ (profiles.isEmpty() ? "'oauth2' security mode" : "profile(s) " + profiles + " (security mode 'oauth2')")
				+ " only serves authenticated callers.",
				"Set " + ISSUER + " (environment variable SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI) to your "
						+ "OpenID Connect issuer, e.g. https://cognito-idp.<region>.amazonaws.com/<user pool id> (see "
						+ "README, \"Security\"). For a demo on your own machine only, "
						+ (aws ? "run without the 'aws' profile." : "set " + MODE + "=local."));
	}

	static SecurityMode mode(ConfigurableEnvironment environment) {
		String configured = environment.getProperty(MODE);
		if (StringUtils.hasText(configured)) {
			try {
				return SecurityMode.valueOf(configured.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new SecuritySetupException(MODE + " is '" + configured + "'.",
						"Set " + MODE + " to 'local' or 'oauth2', or leave it unset (local without a profile, oauth2 "
								+ "with any).");
			}
		}
		return (environment.getActiveProfiles().length == 0) ? SecurityMode.LOCAL : SecurityMode.OAUTH2;
	}

}
