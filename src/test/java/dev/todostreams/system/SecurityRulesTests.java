package dev.todostreams.system;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of the security rules that are pure functions: Host names, cross-site writes, authority mapping. */
class SecurityRulesTests {

	private final LoopbackHostNames loopback = new LoopbackHostNames();

	private final CrossSiteRequestMatcher crossSite = new CrossSiteRequestMatcher(List.of("http://localhost:5173"));

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "LocalHost", "localhost.", "127.0.0.1", "127.255.255.254", "[::1]", "::1" })
	void loopbackNamesAreAllowed(String host) {
		assertThat(this.loopback.test(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example", "localhost.evil.example", "evil-localhost", "127.0.0.1.nip.io",
			"128.0.0.1", "127.0.0.256", "0.0.0.0", "[::2]", "[::ffff:127.0.0.1]", "10.0.0.1", "" })
	void otherNamesAreRefused(String host) {
		assertThat(this.loopback.test(host)).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "|", value = { "POST|https://evil.example||true", "DELETE|http://localhost:3000||true",
			"PATCH|null||true", "POST||cross-site|true", "POST||same-site|true", "PUT|http://127.0.0.1:8080|cross-site|true",
			"POST|http://127.0.0.1:8080|same-origin|false", "POST|http://127.0.0.1:8080||false", "POST|||false",
			"POST||none|false", "POST||same-origin|false", "GET|https://evil.example|cross-site|false",
			"HEAD|https://evil.example|cross-site|false", "POST|http://localhost:5173|cross-site|false",
			"POST|HTTP://127.0.0.1:8080||false" })
	void crossSiteWritesNeedAToken(String method, String origin, String fetchSite, boolean needsToken) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/todos");
		request.addHeader("Host", "127.0.0.1:8080");
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		if (fetchSite != null) {
			request.addHeader("Sec-Fetch-Site", fetchSite);
		}
		assertThat(this.crossSite.matches(request)).isEqualTo(needsToken);
	}

	@Test
	void scopesAndGroupsMapToAuthorities() {
		AuthorityMapping mapping = new AuthorityMapping(new TodoSecurityProperties(SecurityMode.OAUTH2, "todo-streams/",
				"cognito:groups", Map.of("todo-admins", List.of("admin", " todo.read")), "local-developer"));
		assertThat(names(mapping.authorities(List.of("todo-streams/todo.write", "openid"),
				Map.of("cognito:groups", List.of("todo-admins", "other")))))
			.containsExactlyInAnyOrder(TodoAuthorities.WRITE, "SCOPE_openid", TodoAuthorities.ADMIN,
					TodoAuthorities.READ);
		assertThat(mapping.stripScopeAuthority("SCOPE_todo-streams/webhooks")).isEqualTo(TodoAuthorities.WEBHOOKS);
		assertThat(mapping.stripScopeAuthority("OIDC_USER")).isEqualTo("OIDC_USER");
	}

	@Test
	void scopesComeFromScopeOrScp() {
		assertThat(AuthorityMapping.scopes(Map.of("scope", "a  b"))).containsExactly("a", "b");
		assertThat(AuthorityMapping.scopes(Map.of("scp", List.of("c", "d")))).containsExactly("c", "d");
		assertThat(AuthorityMapping.scopes(Map.of())).isEmpty();
	}

	private static List<String> names(java.util.Collection<GrantedAuthority> authorities) {
		return authorities.stream().map(GrantedAuthority::getAuthority).toList();
	}

}
