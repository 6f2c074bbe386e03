package dev.todostreams.system;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller is, for the pages' header: the name to show, what they may do, and whether (and where) they can
 * sign out. A session that has ended answers 401 here, which is how the pages notice it.
 */
@RestController
class AccountController {

	private final TodoSecurityProperties properties;

	AccountController(TodoSecurityProperties properties) {
		this.properties = properties;
	}

	@GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
	Account me(@CurrentSecurityContext(expression = "authentication") Authentication caller, @Nullable CsrfToken csrf) {
		List<String> authorities = caller.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(TodoAuthorities.ALL::contains)
			.toList();
		boolean session = caller instanceof OAuth2AuthenticationToken;
		return new Account(caller.getName(), displayName(caller),
				this.properties.mode().name().toLowerCase(java.util.Locale.ROOT), authorities,
				(session && csrf != null) ? new SignOut("/logout", csrf.getParameterName(), csrf.getToken()) : null);
	}

	/** A person's name where the token or sign-in carries one; the principal's name (the {@code sub}) otherwise. */
	private static String displayName(Authentication caller) {
		if (caller instanceof OAuth2AuthenticationToken login) {
			OAuth2User user = login.getPrincipal();
			if (user instanceof OidcUser oidc) {
				return firstOf(caller.getName(), oidc.getPreferredUsername(), oidc.getEmail(), oidc.getFullName());
			}
			return firstOf(caller.getName(), user.getAttribute("preferred_username"), user.getAttribute("email"));
		}
		if (caller instanceof JwtAuthenticationToken jwt) {
			return firstOf(caller.getName(), jwt.getToken().getClaimAsString("username"),
					jwt.getToken().getClaimAsString("preferred_username"));
		}
		return caller.getName();
	}

	private static String firstOf(String fallback, @Nullable String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && !candidate.isBlank()) {
				return candidate;
			}
		}
		return fallback;
	}

	/**
	 * The caller.
	 *
	 * @param name the principal's name: what owns subscriptions (the token's {@code sub}; the local developer)
	 * @param displayName what the pages show
	 * @param mode the security mode, {@code local} or {@code oauth2}
	 * @param authorities which of the API's four authorities the caller holds
	 * @param signOut how the page signs out; absent when there is no session to end
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Account(String name, String displayName, String mode, List<String> authorities, @Nullable SignOut signOut) {
	}

	/**
	 * A form post that ends the session: a plain form (not a fetch), so the browser follows the redirect to the
	 * issuer's end-session page.
	 *
	 * @param action the form's action
	 * @param parameter the name of the CSRF field
	 * @param token the CSRF token in its form-field (masked) shape
	 */
	record SignOut(String action, String parameter, String token) {
	}

}
