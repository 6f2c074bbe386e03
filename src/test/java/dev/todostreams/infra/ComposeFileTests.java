package dev.todostreams.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.todostreams.infra.Yamls.at;
import static dev.todostreams.infra.Yamls.list;
import static dev.todostreams.infra.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the Dockerfile, checked where no Docker engine exists: they parse, the demo's services are
 * wired to each other, and the images are pinned.
 */
class ComposeFileTests {

	private final Map<String, Object> compose = Yamls.load("docker-compose.yml");

	@Test
	void localStackIsPinnedToTheImageTheTestsUseAndGetsTheAuthTokenPassedThrough() {
		Map<String, Object> localstack = service("localstack");
		assertThat(localstack.get("image")).isEqualTo(LocalStackImage.NAME);
		assertThat(localstack.get("profiles")).as("the default demo").isNull();
		assertThat(map(localstack.get("environment")).get("LOCALSTACK_AUTH_TOKEN"))
			.isEqualTo("${LOCALSTACK_AUTH_TOKEN:-}");
		assertThat(list(localstack.get("ports"))).contains("4566:4566");
		assertThat(list(localstack.get("volumes"))).anyMatch(
				(volume) -> volume.toString().startsWith("./infra/localstack:/etc/localstack/init/ready.d"));
		assertThat(Path.of("infra/localstack/init-todos.sh")).isRegularFile().isExecutable();
		assertThat(at(localstack, "healthcheck", "test").toString()).contains("/_localstack/init/ready");
	}

	@Test
	void appRunsTheLocalstackProfileAgainstTheEmulatorContainerWithAHealthCheck() {
		assertAppService("app", "localstack", "service_healthy");
		assertAppService("app-floci", "floci", "service_started");
		assertThat(service("app").get("profiles")).isNull();
		assertThat(list(service("app-floci").get("profiles"))).containsExactly("floci");
	}

	@Test
	void flociIsAnOptInProfileOnLocalStacksPort() {
		Map<String, Object> floci = service("floci");
		assertThat(list(floci.get("profiles"))).containsExactly("floci");
		assertThat((String) floci.get("image")).startsWith("floci/floci:").doesNotEndWith(":latest");
		assertThat(list(floci.get("ports"))).containsExactly("4566:4566");
	}

	@Test
	void initScriptCreatesTheTodosTableAsTheCodeDefinesIt() throws Exception {
		String script = Files.readString(Path.of("infra/localstack/init-todos.sh"));
		assertThat(script).contains("AttributeName=TodoID,KeyType=HASH")
			.contains("IndexName=Status-DueDate-index")
			.contains("{AttributeName=Status,KeyType=HASH},{AttributeName=DueDate,KeyType=RANGE}")
			.contains("StreamViewType=NEW_AND_OLD_IMAGES")
			.contains("AttributeName=ExpiresAt");
	}

	@Test
	void dockerfileBuildsWithMavenAndRunsOnAJreAsNonRootWithAHealthCheck() throws Exception {
		List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
		List<String> stages = lines.stream().filter((line) -> line.startsWith("FROM ")).toList();
		assertThat(stages).hasSize(2);
		assertThat(stages.get(0)).startsWith("FROM maven:").endsWith(" AS build");
		assertThat(stages.get(1)).contains("-jre");
		assertThat(lines).anyMatch((line) -> line.startsWith("USER ") && !line.equals("USER root"));
		assertThat(lines).anyMatch((line) -> line.startsWith("HEALTHCHECK "));
		assertThat(String.join("\n", lines)).contains("/actuator/health");
	}

	@Test
	void dockerImageStartsFromTheExtractedJarWithACdsArchiveFromATrainingRun() throws Exception {
		List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
		String dockerfile = String.join("\n", lines);
		assertThat(dockerfile).contains("-Djarmode=tools").contains(" extract --layers ");
		// the archive is written in the runtime stage, by the JVM that will map it, for the class path it will use
		int runtime = dockerfile.lastIndexOf("\nFROM ");
		assertThat(dockerfile.indexOf("-XX:ArchiveClassesAtExit=app.jsa")).isGreaterThan(runtime);
		// trained as far as the first handled change, by the script bench/startup.sh uses for its cds-full mode
		assertThat(dockerfile).contains("COPY --chown=todo:todo src/main/docker/cds-training.sh ")
			.contains("RUN /tmp/cds-training.sh app.jar ");
		assertThat(Path.of("src/main/docker/cds-training.sh")).isExecutable();
		assertThat(Files.readString(Path.of("bench/startup.sh"))).contains("src/main/docker/cds-training.sh");
		assertThat(lines).filteredOn((line) -> line.startsWith("ENTRYPOINT "))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("\"-XX:SharedArchiveFile=app.jsa\"")
				.contains("\"/app/app.jar\""));
		assertThat(lines).filteredOn((line) -> line.startsWith("COPY --from=build"))
			.as("one layer per kind of change")
			.hasSize(4);
	}

	private void assertAppService(String name, String emulator, String condition) {
		Map<String, Object> app = service(name);
		assertThat(at(app, "build", "dockerfile")).isEqualTo("Dockerfile");
		assertThat(list(app.get("ports"))).as("published on loopback only").containsExactly("127.0.0.1:8080:8080");
		assertThat(at(app, "environment", "SPRING_PROFILES_ACTIVE")).isEqualTo("localstack");
		assertThat(at(app, "environment", "TODO_SECURITY_MODE")).isEqualTo("local");
		assertThat(at(app, "environment", "SPRING_CLOUD_AWS_ENDPOINT")).isEqualTo("http://" + emulator + ":4566");
		assertThat(at(app, "depends_on", emulator, "condition")).isEqualTo(condition);
		// issue 14: a fixed demo cursor key, long enough for the start-up check (32 bytes)
		assertThat(at(app, "environment", "TODO_API_CURSORSECRET").toString()).startsWith("demo-only-")
			.satisfies((key) -> assertThat(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32));
		assertThat(at(app, "healthcheck", "test").toString()).contains("http://localhost:8080/actuator/health");
	}

	private Map<String, Object> service(String name) {
		return map(at(this.compose, "services", name));
	}

}
