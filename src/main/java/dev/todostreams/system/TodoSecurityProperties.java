package dev.todostreams.system;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Authentication and authorization (issue 12).
 *
 * @param mode {@code local} or {@code oauth2}; when unset, {@code local} without an active profile and
 * {@code oauth2} with any (resolved at start, see {@link SecurityModeEnvironment})
 * @param scopePrefix stripped from a token's scopes before they are matched, e.g. {@code todo-streams/} for Cognito,
 * whose custom scopes are named {@code <resource server id>/<scope>}
 * @param groupsClaim the claim of a JWT or ID token that lists the caller's groups or roles
 * @param groupAuthorities what each group grants: group name to authority names without the {@code SCOPE_} prefix
 * ({@code todo.read}, {@code todo.write}, {@code webhooks}, {@code admin})
 * @param localPrincipal the principal name of the local developer in the {@code local} mode (owner of the
 * subscriptions made there)
 */
@Validated
@ConfigurationProperties("todo.security")
public record TodoSecurityProperties(@NotNull SecurityMode mode, @DefaultValue("") String scopePrefix,
		@DefaultValue("cognito:groups") @NotBlank String groupsClaim,
		@DefaultValue Map<String, List<String>> groupAuthorities,
		@DefaultValue("local-developer") @NotBlank String localPrincipal) {
}
