package dev.todostreams.todo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/**
 * The todo API.
 *
 * @param statuses the allowed values of {@code status}, exact strings
 * @param defaultStatus status of a todo created without one; must be one of {@code statuses}
 * @param expireAfter per status, how long after entering it a todo is deleted by DynamoDB's TTL (sets
 * {@code ExpiresAt}), e.g. {@code todo.api.expire-after.completed=30d}
 * @param defaultPageSize page size of a list without {@code limit}
 * @param maxPageSize the largest allowed {@code limit}
 * @param cursorSecret key that signs list cursors, at least 32 bytes; set it when several instances serve one table
 * or cursors must survive restarts, otherwise a random key is made at start. In the {@code aws} profile it comes from
 * Secrets Manager ({@code cursorSecretName}) and is required
 * @param previousCursorSecrets earlier cursor keys, still accepted (never used to sign) during a key rotation
 * @param cursorSecretRequired refuse to start without {@code cursorSecret} (the {@code aws} profile sets it)
 * @param cursorSecretName the Secrets Manager secret the {@code aws} profile imports (a JSON object with
 * {@code todo.api.cursor-secret}); named in the start-up failure when the key is missing
 */
@Validated
@ConfigurationProperties("todo.api")
public record TodoProperties(@DefaultValue({ "Not Started", "In Progress", "completed" }) @NotEmpty List<String> statuses,
		@DefaultValue("Not Started") @NotBlank String defaultStatus, @DefaultValue Map<String, Duration> expireAfter,
		@DefaultValue("20") @Min(1) @Max(1000) int defaultPageSize,
		@DefaultValue("100") @Min(1) @Max(1000) int maxPageSize, @Nullable String cursorSecret,
		@DefaultValue List<String> previousCursorSecrets, @DefaultValue("false") boolean cursorSecretRequired,
		@DefaultValue("todo-streams/cursors") String cursorSecretName) {

	public TodoProperties {
		statuses = List.copyOf(statuses);
		previousCursorSecrets = List.copyOf(previousCursorSecrets);
		expireAfter = Map.copyOf(expireAfter);
	}

	/** The defaults, for tests. */
	static TodoProperties defaults() {
		return new TodoProperties(List.of("Not Started", "In Progress", "completed"), "Not Started", Map.of(), 20, 100,
				null, List.of(), false, "todo-streams/cursors");
	}

	TodoProperties withExpireAfter(Map<String, Duration> expireAfter) {
		return new TodoProperties(this.statuses, this.defaultStatus, expireAfter, this.defaultPageSize,
				this.maxPageSize, this.cursorSecret, this.previousCursorSecrets, this.cursorSecretRequired,
				this.cursorSecretName);
	}

}
