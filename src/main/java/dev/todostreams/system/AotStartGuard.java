package dev.todostreams.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses a start with Spring AOT's generated bean definitions ({@code -Dspring.aot.enabled=true}) in any other shape
 * than the one they were generated for. The build ({@code process-aot}) fixes profiles and conditions at build time
 * for the embedded default: no profile, security mode {@code local}, stream consumer, webhooks and no rate limits.
 * Started with a profile, those definitions would still build the embedded emulator and the local mode's open
 * security filter chain, so such a start is refused before any bean exists, naming what to change
 * (docs/ARCHITECTURE.md, "Issue 15: Spring AOT for the embedded default").
 */
class AotStartGuard implements EnvironmentPostProcessor, Ordered {

	/** The properties that decide which beans exist, with the value the AOT build assumed (missing = that value). */
	static final Map<String, String> BUILD_TIME = Map.of(SecurityModeEnvironment.MODE, "local",
			"todo.stream.enabled", "true", "todo.webhooks.enabled", "true", "todo.api.rate-limit.enabled", "false");

	@Override
	public int getOrder() {
		// after SecurityModeEnvironment has resolved todo.security.mode
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		check(environment, AotDetector.useGeneratedArtifacts());
	}

	static void check(ConfigurableEnvironment environment, boolean aot) {
		if (!aot) {
			return;
		}
		List<String> differences = new ArrayList<>();
		if (environment.getActiveProfiles().length > 0) {
			differences.add("profile(s) " + String.join(", ", environment.getActiveProfiles()));
		}
		BUILD_TIME.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.filter((entry) -> !Objects.equals(environment.getProperty(entry.getKey(), entry.getValue()), entry.getValue()))
			.forEach((entry) -> differences.add(entry.getKey() + "=" + environment.getProperty(entry.getKey())));
		if (!differences.isEmpty()) {
			throw new SecuritySetupException("spring.aot.enabled=true starts the bean definitions generated at build "
					+ "time for the embedded default (no profile, " + SecurityModeEnvironment.MODE + "=local), but this "
					+ "start asks for " + String.join(", ", differences) + ".",
					"Start without -Dspring.aot.enabled=true for this mode (AOT is only the embedded default's fast "
							+ "start; see README, \"Fastest start of the packaged service\").");
		}
	}

}
