package dev.todostreams.system;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The embedded DynamoDB emulator of the default mode.
 *
 * @param port TCP port on the loopback address; 0 picks a free one
 * @param dataDirectory where tables and streams are kept across restarts; unset keeps everything in memory
 * @param streamRetention how long stream records stay readable (DynamoDB: 24 h). A shorter one bounds the memory the
 * in-memory emulator holds for a long run; keep it well above the consumer's lag, or unread records are trimmed
 */
@Validated
@ConfigurationProperties("todo.emulator")
public record EmulatorProperties(@DefaultValue("0") @Min(0) @Max(65535) int port, @Nullable Path dataDirectory,
		@DefaultValue("24h") Duration streamRetention) {
}
