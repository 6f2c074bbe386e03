package dev.todostreams.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * HTTP settings of the API.
 *
 * @param maxRequestSize larger request bodies are refused with 413
 * @param corsAllowedOrigins origins of a separately hosted front end allowed to call {@code /api/**} (e.g.
 * {@code http://localhost:5173}); empty allows none
 */
@Validated
@ConfigurationProperties("todo.web")
public record WebApiProperties(@DefaultValue("64KB") @NotNull DataSize maxRequestSize,
		@DefaultValue List<String> corsAllowedOrigins) {
}
