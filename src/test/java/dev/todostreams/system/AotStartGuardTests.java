package dev.todostreams.system;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A start with the AOT-generated bean definitions is refused in any shape but the embedded default's. */
class AotStartGuardTests {

	@Test
	void theEmbeddedDefaultStartsWithAot() {
		MockEnvironment environment = new MockEnvironment().withProperty(SecurityModeEnvironment.MODE, "local");
		assertThatCode(() -> AotStartGuard.check(environment, true)).doesNotThrowAnyException();
	}

	@Test
	void aProfileIsRefusedWithAot() {
		MockEnvironment environment = new MockEnvironment().withProperty(SecurityModeEnvironment.MODE, "oauth2");
		environment.setActiveProfiles("localstack");
		assertThatThrownBy(() -> AotStartGuard.check(environment, true)).isInstanceOf(SecuritySetupException.class)
			.hasMessageContaining("profile(s) localstack")
			.hasMessageContaining("todo.security.mode=oauth2")
			.satisfies((ex) -> assertThat(((SecuritySetupException) ex).action())
				.contains("without -Dspring.aot.enabled=true"));
	}

	@Test
	void aPropertyThatChangesTheBeansIsRefusedWithAot() {
		MockEnvironment environment = new MockEnvironment().withProperty(SecurityModeEnvironment.MODE, "local")
			.withProperty("todo.webhooks.enabled", "false")
			.withProperty("todo.api.rate-limit.enabled", "true");
		assertThatThrownBy(() -> AotStartGuard.check(environment, true)).isInstanceOf(SecuritySetupException.class)
			.hasMessageContaining("todo.api.rate-limit.enabled=true, todo.webhooks.enabled=false");
	}

	@Test
	void withoutAotAnyModeGoesOn() {
		MockEnvironment environment = new MockEnvironment().withProperty(SecurityModeEnvironment.MODE, "oauth2")
			.withProperty("todo.stream.enabled", "false");
		environment.setActiveProfiles("aws");
		assertThatCode(() -> AotStartGuard.check(environment, false)).doesNotThrowAnyException();
	}

}
