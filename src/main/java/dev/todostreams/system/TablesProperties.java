package dev.todostreams.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Where the app's DynamoDB tables live and what the app does about them at start.
 *
 * @param prefix prepended to every table name (e.g. {@code test-42-}), empty by default
 * @param bootstrap {@code create} missing tables (embedded and LocalStack modes), {@code verify} that they exist
 * with the right shape and refuse to start otherwise ({@code aws} mode), or {@code none}
 */
@Validated
@ConfigurationProperties("todo.tables")
public record TablesProperties(@DefaultValue("") @Pattern(regexp = "[a-zA-Z0-9_.-]*") String prefix,
		@DefaultValue("create") @NotNull BootstrapMode bootstrap) {

	public enum BootstrapMode {

		/** Create each missing table (and its TTL setting) from its definition. */
		CREATE,

		/** Check each table against its definition; fail the start with a fix-it message on any difference. */
		VERIFY,

		/** Leave the tables alone. */
		NONE

	}

}
