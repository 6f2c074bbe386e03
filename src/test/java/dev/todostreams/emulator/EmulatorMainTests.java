package dev.todostreams.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

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
}
