package dev.todostreams.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.todostreams.infra.Yamls.at;
import static dev.todostreams.infra.Yamls.list;
import static dev.todostreams.infra.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The GitHub Actions workflow parses and does what CI promises: JDK 17 and 21, cached Maven, reports kept. */
class CiWorkflowTests {

	private final Map<String, Object> workflow = Yamls.load(".github/workflows/ci.yml");

	@Test
	void runsOnPushAndPullRequest() {
		// YAML 1.1 reads the bare key "on" as the boolean true
		Object triggers = this.workflow.containsKey("on") ? this.workflow.get("on") : map(this.workflow).get(true);
		assertThat(map(triggers)).containsKeys("push", "pull_request");
	}

	@Test
	void buildsOnJdk17And21WithCachedMavenDependencies() {
		Map<String, Object> build = job();
		assertThat(list(at(build, "strategy", "matrix", "java"))).containsExactly("17", "21");
		Map<String, Object> setupJava = step("actions/setup-java");
		assertThat(at(setupJava, "with", "java-version")).isEqualTo("${{ matrix.java }}");
		assertThat(at(setupJava, "with", "cache")).isEqualTo("maven");
	}

	@Test
	void runsTheProjectsCiScriptOnARunnerWithDocker() {
		assertThat(job().get("runs-on")).isEqualTo("ubuntu-latest");
		assertThat(steps()).anyMatch((step) -> "bash .ci/run".equals(step.get("run")));
		assertThat(steps()).anyMatch((step) -> String.valueOf(step.get("run")).contains("chromium-driver"));
	}

	@Test
	void uploadsTestReportsAndScreenshotsEvenWhenTestsFail() {
		List<Map<String, Object>> uploads = steps().stream()
			.filter((step) -> String.valueOf(step.get("uses")).startsWith("actions/upload-artifact"))
			.toList();
		assertThat(uploads).allSatisfy((step) -> assertThat(step.get("if")).isEqualTo("always()"));
		String paths = String.join("\n", uploads.stream().map((step) -> String.valueOf(at(step, "with", "path"))).toList());
		assertThat(paths).contains("target/surefire-reports", "target/failsafe-reports", "target/screenshots");
	}

	private Map<String, Object> job() {
		return map(at(this.workflow, "jobs", "build"));
	}

	private List<Map<String, Object>> steps() {
		return list(job().get("steps")).stream().map(Yamls::map).toList();
	}

	private Map<String, Object> step(String uses) {
		return steps().stream()
			.filter((step) -> String.valueOf(step.get("uses")).startsWith(uses + "@"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no step uses " + uses));
	}

}
