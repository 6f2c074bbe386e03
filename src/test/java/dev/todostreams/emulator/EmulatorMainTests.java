package dev.todostreams.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Command-line options of the standalone emulator. */
class EmulatorMainTests {

	@Test
	void defaultsToPort8000InMemory() {
		EmulatorOptions options = EmulatorMain.parse(new String[0]);
		assertThat(options.port()).isEqualTo(8000);
		assertThat(options.dataDirectory()).isNull();
		assertThat(options.region()).isEqualTo("us-east-1");
	}

	@Test
	void readsEveryOption() {
		EmulatorOptions options = EmulatorMain.parse(new String[] { "--host", "0.0.0.0", "--port", "0", "--data-dir", "data",
				"--region", "eu-west-1", "--account-id", "123456789012", "--stream-retention", "PT1H",
				"--shard-rollover-records", "100", "--shard-rollover-interval", "60", "--ttl-sweep-interval", "PT1S" });
		assertThat(options.host()).isEqualTo("0.0.0.0");
		assertThat(options.port()).isZero();
		assertThat(options.dataDirectory()).isEqualTo(Path.of("data"));
		assertThat(options.region()).isEqualTo("eu-west-1");
		assertThat(options.accountId()).isEqualTo("123456789012");
		assertThat(options.streamRetention()).isEqualTo(Duration.ofHours(1));
		assertThat(options.shardRolloverRecords()).isEqualTo(100);
		assertThat(options.shardRolloverInterval()).isEqualTo(Duration.ofSeconds(60));
		assertThat(options.ttlSweepInterval()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void helpReturnsNoOptions() {
		assertThat(EmulatorMain.parse(new String[] { "--help" })).isNull();
	}

	@Test
	void refusesBadValuesWithAClearMessage() {
		assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--port", "http" })).hasMessageContaining("--port");
		assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--port", "70000" })).hasMessageContaining("65535");
		assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--account-id", "12" })).hasMessageContaining("12 digits");
		assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--stream-retention", "soon" })).hasMessageContaining("duration");
		assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--verbose", "x" })).hasMessageContaining("unknown option");
		assertThatThrownBy(() -> EmulatorMain.parse(new String[] { "--port" })).hasMessageContaining("missing value");
	}

	private static EmulatorOptions parse(Map<String, String> properties, String... args) {
		return EmulatorMain.parse(args, properties::get);
	}

	@Test
	void standaloneTablesTakeATenthOfASecondToChangeStatusByDefault() {
		EmulatorOptions options = parse(Map.of());
		assertThat(options.tableStatusDelay()).isEqualTo(Duration.ofMillis(100));
		assertThat(options.indexLag()).isZero();
		// in-process, the default stays 0
		assertThat(EmulatorOptions.defaults(Map.<String, String>of()::get).tableStatusDelay()).isZero();
	}

	@Test
	void tableStatusDelayAndIndexLagFromTheCommandLine() {
		EmulatorOptions options = parse(Map.of(), "--table-status-delay", "0", "--index-lag", "250ms");
		assertThat(options.tableStatusDelay()).isZero();
		assertThat(options.indexLag()).isEqualTo(Duration.ofMillis(250));
		assertThat(parse(Map.of(), "--table-status-delay", "PT2S").tableStatusDelay()).isEqualTo(Duration.ofSeconds(2));
		assertThat(parse(Map.of(), "--table-status-delay", "3").tableStatusDelay()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void systemPropertiesSetTheDefaultsAndTheCommandLineWins() {
		Map<String, String> properties = Map.of(EmulatorOptions.TABLE_STATUS_DELAY_PROPERTY, "PT0S",
				EmulatorOptions.INDEX_LAG_PROPERTY, "PT0.5S");
		EmulatorOptions options = parse(properties);
		assertThat(options.tableStatusDelay()).isZero();
		assertThat(options.indexLag()).isEqualTo(Duration.ofMillis(500));
		assertThat(parse(properties, "--table-status-delay", "1", "--index-lag", "0").indexLag()).isZero();
		assertThat(EmulatorOptions.defaults(Map.of(EmulatorOptions.TABLE_STATUS_DELAY_PROPERTY, "PT1S")::get).tableStatusDelay())
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void refusesBadDelaysWithAClearMessage() {
		assertThatThrownBy(() -> parse(Map.of(), "--table-status-delay", "soon"))
			.hasMessage("--table-status-delay must be a duration like PT0.1S, 100ms or a number of seconds: soon");
		assertThatThrownBy(() -> parse(Map.of(), "--index-lag", "-PT1S")).hasMessage("--index-lag must not be negative: -PT1S");
		assertThatThrownBy(() -> parse(Map.of(), "--ttl-sweep-interval", "0ms")).hasMessage("--ttl-sweep-interval must be positive: 0ms");
		assertThat(parse(Map.of(), "--ttl-sweep-interval", "250ms").ttlSweepInterval()).isEqualTo(Duration.ofMillis(250));
		assertThatThrownBy(() -> parse(Map.of(), "--index-lag", "99999999999999999999ms")).hasMessageContaining("--index-lag must be a duration");
		assertThatThrownBy(() -> parse(Map.of(EmulatorOptions.TABLE_STATUS_DELAY_PROPERTY, "100ms")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("System property todostreams.emulator.table-status-delay must be a non-negative ISO-8601 duration such as PT0.1S or PT0S: '100ms'");
		assertThatThrownBy(() -> EmulatorOptions.defaults(Map.of(EmulatorOptions.INDEX_LAG_PROPERTY, "-PT1S")::get))
			.hasMessageContaining("System property todostreams.emulator.index-lag must be a non-negative");
	}
}
