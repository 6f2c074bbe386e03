package dev.todostreams.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * The durable change log every instance's live feed tails (docs/ARCHITECTURE.md, "Issue 14: change log").
 *
 * @param tableName the log's table, before {@code todo.tables.prefix}
 * @param retention how long an entry is kept (DynamoDB TTL); a {@code Last-Event-ID} older than that gets a reset
 * @param pollInterval how often each instance reads the newest entries
 * @param settle how long a new entry waits before it is shown, so entries appended moments apart are shown in
 * position order
 * @param reread how far back (by position) each poll reads again, so an entry appended after a higher position was
 * shown is still found; entries appended later than {@code lateAfter} after their change are also found through the
 * log's late index
 * @param lateAfter an entry appended this long after its position's time is also written to the late index
 */
@Validated
@ConfigurationProperties("todo.change-log")
public record ChangeLogProperties(@DefaultValue(ChangeLog.TABLE) @NotBlank String tableName,
		@DefaultValue("24h") Duration retention, @DefaultValue("100ms") Duration pollInterval,
		@DefaultValue("150ms") Duration settle, @DefaultValue("3s") Duration reread,
		@DefaultValue("1s") Duration lateAfter) {

	/** The defaults, for tests. */
	static ChangeLogProperties defaults() {
		return new ChangeLogProperties("TodoChangeLog", Duration.ofHours(24), Duration.ofMillis(100),
				Duration.ofMillis(150), Duration.ofSeconds(3), Duration.ofSeconds(1));
	}

}
