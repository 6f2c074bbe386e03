package dev.todostreams.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what (issue 12). One set of authorization rules ({@link #authorize}) serves both modes; the modes differ
 * only in how a caller is authenticated:
 * <ul>
 * <li>{@code local} (the default mode): nobody signs in. The caller is the local developer, an anonymous
 * authentication holding every authority; the firewall answers only loopback {@code Host} names, and state-changing
 * requests from another origin need a CSRF token they cannot have.</li>
 * <li>{@code oauth2} (every profile): bearer JWTs from the configured issuer for API callers; OAuth2 login
 * (authorization code with PKCE) and a session for the browser, whose writes carry the CSRF token of the
 * {@code XSRF-TOKEN} cookie.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TodoSecurityProperties.class)
public class SecurityConfiguration {

	private static final String[] TODO_READS = { "/api/todos", "/api/todos/**", "/api/changes", "/api/changes/**",
			"/api/statuses" };

	/** No issuer, no start: checked before any bean is created, so before anything touches AWS. */
	@Bean
	@ConditionalOnProperty(name = "todo.security.mode", havingValue = "oauth2")
	static BeanFactoryPostProcessor issuerRequired(Environment environment) {
		return (beanFactory) -> SecurityModeEnvironment.requireIssuer(environment);
	}

	@Bean
	AuthorityMapping authorityMapping(TodoSecurityProperties properties) {
		return new AuthorityMapping(properties);
	}

	/** The firewall of every chain; its refusals are problems. The default mode answers loopback names only. */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	WebSecurityCustomizer todoFirewall(TodoSecurityProperties properties) {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		if (properties.mode() == SecurityMode.LOCAL) {
			firewall.setAllowedHostnames(new LoopbackHostNames());
		}
		SecurityProblems problems = new SecurityProblems(properties.mode());
		return (web) -> web.httpFirewall(firewall).requestRejectedHandler(problems);
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnProperty(name = "todo.security.mode", havingValue = "local")
	SecurityFilterChain localSecurityFilterChain(HttpSecurity http, TodoSecurityProperties properties,
			WebApiProperties web) throws Exception {
		SecurityProblems problems = new SecurityProblems(SecurityMode.LOCAL);
		authorize(http);
		http.anonymous((anonymous) -> anonymous.principal(properties.localPrincipal())
			.authorities(TodoAuthorities.ALL.toArray(String[]::new)));
		http.csrf((csrf) -> csrf.spa()
			.requireCsrfProtectionMatcher(new CrossSiteRequestMatcher(web.corsAllowedOrigins())));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
			.accessDeniedHandler(problems));
		http.cors(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnProperty(name = "todo.security.mode", havingValue = "oauth2")
	SecurityFilterChain oauth2SecurityFilterChain(HttpSecurity http, AuthorityMapping mapping,
			ObjectProvider<ClientRegistrationRepository> registrations) throws Exception {
		SecurityProblems problems = new SecurityProblems(SecurityMode.OAUTH2);
		authorize(http);
		JwtAuthenticationConverter tokens = new JwtAuthenticationConverter();
		tokens.setJwtGrantedAuthoritiesConverter((jwt) -> new ArrayList<>(
				mapping.authorities(AuthorityMapping.scopes(jwt.getClaims()), jwt.getClaims())));
		http.oauth2ResourceServer((resourceServer) -> resourceServer
			.jwt((jwt) -> jwt.jwtAuthenticationConverter(tokens))
			.authenticationEntryPoint(problems)
			.accessDeniedHandler(problems));
		// the session cookie is the only credential a browser adds by itself: writes that carry one need the token.
		// Bearer requests are exempt (the resource server registers that); a request without any credential gets
		// its 401 rather than a CSRF 403.
		http.csrf((csrf) -> csrf.spa()
			.requireCsrfProtectionMatcher(new AndRequestMatcher(CsrfFilter.DEFAULT_CSRF_MATCHER,
					(request) -> request.getRequestedSessionId() != null)));
		http.cors(Customizer.withDefaults());
		ClientRegistrationRepository clients = registrations.getIfAvailable();
		if (clients != null) {
			DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(clients,
					"/oauth2/authorization");
			resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
			http.oauth2Login((login) -> login.authorizationEndpoint((endpoint) -> endpoint
				.authorizationRequestResolver(resolver))
				.userInfoEndpoint((userInfo) -> userInfo.userAuthoritiesMapper(loginAuthorities(mapping))));
			// sign-out (POST /logout with the CSRF token) ends the session here and, where the issuer publishes an
			// end_session_endpoint, at the issuer too (OpenID Connect RP-initiated logout); then back to the board
			OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(clients);
			signedOut.setPostLogoutRedirectUri("{baseUrl}/");
			http.logout((logout) -> logout.logoutSuccessHandler(signedOut));
			// API callers get a 401 problem; pages go to the issuer's sign-in
			http.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(problems, apiRequests())
				.accessDeniedHandler(problems));
		}
		else {
			http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		}
		return http.build();
	}

	/** The rules of both modes. Nothing is open but health probes, the ping, the API description and page assets. */
	private static void authorize(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			// an error page or an async (SSE) dispatch continues a request that was already authorized
			.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
			.requestMatchers(HttpMethod.GET, "/api/ping").permitAll()
			.requestMatchers(HttpMethod.GET, "/api/me").hasAnyAuthority(TodoAuthorities.ALL.toArray(String[]::new))
			.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
			.requestMatchers("/actuator/**").hasAuthority(TodoAuthorities.ADMIN)
			.requestMatchers("/api/stream/**").hasAuthority(TodoAuthorities.ADMIN)
			.requestMatchers("/api/webhooks", "/api/webhooks/**")
			.hasAnyAuthority(TodoAuthorities.WEBHOOKS, TodoAuthorities.ADMIN)
			.requestMatchers(HttpMethod.GET, TODO_READS).hasAuthority(TodoAuthorities.READ)
			.requestMatchers(HttpMethod.HEAD, TODO_READS).hasAuthority(TodoAuthorities.READ)
			.requestMatchers("/api/todos", "/api/todos/**").hasAuthority(TodoAuthorities.WRITE)
			.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
			.requestMatchers(HttpMethod.GET, "/*.js", "/*.css", "/favicon.ico").permitAll()
			.anyRequest().hasAuthority(TodoAuthorities.READ));
	}

	private static RequestMatcher apiRequests() {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/actuator/**"),
				paths.matcher("/v3/api-docs/**"));
	}

	/** OAuth2 login: the ID token's (or user info's) groups and the granted scopes, mapped as for bearer tokens. */
	private static GrantedAuthoritiesMapper loginAuthorities(AuthorityMapping mapping) {
		return (Collection<? extends GrantedAuthority> granted) -> {
			Set<GrantedAuthority> out = new LinkedHashSet<>();
			for (GrantedAuthority authority : granted) {
				out.add(new SimpleGrantedAuthority(mapping.stripScopeAuthority(authority.getAuthority())));
				Map<String, Object> claims = new LinkedHashMap<>();
				if (authority instanceof OidcUserAuthority oidc) {
					claims.putAll(oidc.getIdToken().getClaims());
					if (oidc.getUserInfo() != null) {
						claims.putAll(oidc.getUserInfo().getClaims());
					}
				}
				else if (authority instanceof OAuth2UserAuthority user) {
					claims.putAll(user.getAttributes());
				}
				out.addAll(mapping.authorities(java.util.List.of(), claims));
			}
			return out;
		};
	}

}
