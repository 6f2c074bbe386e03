package dev.todostreams.stream.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StableWorkerIdTests {

	@TempDir
	Path temp;

	@Test
	void aConfiguredIdAlwaysWins() {
		assertThat(StableWorkerId.resolve("node-a", this.temp)).isEqualTo("node-a");
	}

	@Test
	void anIdKeptInTheDataDirectoryIsReusedByTheNextProcess() throws IOException {
		Path data = Files.createDirectories(this.temp.resolve("restarted"));
		Files.writeString(data.resolve(StableWorkerId.FILE), "host-1234abcd\n");
		assertThat(StableWorkerId.resolve(null, data)).isEqualTo("host-1234abcd");
		assertThat(StableWorkerId.resolve(null, data.resolve("."))).isEqualTo("host-1234abcd");
	}

	@Test
	void aNewDataDirectoryGetsAnIdThatIsWrittenDown() throws IOException {
		Path data = this.temp.resolve("fresh");
		String id = StableWorkerId.resolve(null, data);
		assertThat(id).isNotBlank();
		assertThat(Files.readString(data.resolve(StableWorkerId.FILE))).isEqualTo(id);
		assertThat(StableWorkerId.resolve(null, data)).isEqualTo(id);
	}

}
