package dev.todostreams.system;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Maps what an issuer says about a caller to our authorities: each scope {@code x} (after the configured prefix is
 * stripped) becomes {@code SCOPE_x}, and each group in the groups claim becomes the authorities configured for it.
 * The same mapping serves bearer JWTs and OAuth2 login (ID token claims), so a person has the same rights in the
 * browser and through the API.
 */
final class AuthorityMapping {

	private static final String SCOPE_PREFIX = "SCOPE_";

	private final String scopePrefix;

	private final String groupsClaim;

	private final Map<String, List<String>> groupAuthorities;

	AuthorityMapping(TodoSecurityProperties properties) {
		this.scopePrefix = properties.scopePrefix();
		this.groupsClaim = properties.groupsClaim();
		this.groupAuthorities = Map.copyOf(properties.groupAuthorities());
	}

	/** Authorities from scopes (without {@code SCOPE_}) and the claims of a token. */
	Set<GrantedAuthority> authorities(Collection<String> scopes, Map<String, Object> claims) {
		Set<GrantedAuthority> out = new LinkedHashSet<>();
		for (String scope : scopes) {
			out.add(new SimpleGrantedAuthority(SCOPE_PREFIX + stripPrefix(scope)));
		}
		for (String group : strings(claims.get(this.groupsClaim))) {
			for (String granted : this.groupAuthorities.getOrDefault(group, List.of())) {
				out.add(new SimpleGrantedAuthority(SCOPE_PREFIX + granted.trim()));
			}
		}
		return out;
	}

	/** Scopes of a JWT: {@code scope} (space separated, RFC 8693/9068) or {@code scp} (a list or a string). */
	static List<String> scopes(Map<String, Object> claims) {
		List<String> scope = strings(claims.get("scope"));
		return scope.isEmpty() ? strings(claims.get("scp")) : scope;
	}

	/** Re-maps {@code SCOPE_<prefix>x} authorities (as OAuth2 login grants them) to {@code SCOPE_x}. */
	String stripScopeAuthority(String authority) {
		return authority.startsWith(SCOPE_PREFIX) ? SCOPE_PREFIX + stripPrefix(authority.substring(SCOPE_PREFIX.length()))
				: authority;
	}

	private String stripPrefix(String scope) {
		return (!this.scopePrefix.isEmpty() && scope.startsWith(this.scopePrefix))
				? scope.substring(this.scopePrefix.length()) : scope;
	}

	private static List<String> strings(@Nullable Object value) {
		if (value instanceof String text) {
			return List.of(text.trim().split("\\s+")).stream().filter((s) -> !s.isEmpty()).toList();
		}
		if (value instanceof Collection<?> values) {
			return values.stream().filter((v) -> v != null).map(Object::toString).toList();
		}
		return List.of();
	}

}
