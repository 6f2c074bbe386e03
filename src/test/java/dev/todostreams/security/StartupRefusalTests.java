package dev.todostreams.security;

import java.util.ArrayList;
import java.util.List;

import dev.todostreams.TodoStreamsApplication;
import dev.todostreams.system.SecuritySetupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.core.SdkClient;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The app refuses to start when it would run unauthenticated where it must not: the {@code aws} profile (or any
 * profile) without an issuer, and the {@code aws} profile in the local mode. It refuses before any AWS client exists,
 * and the failure analysis names the property.
 */
@Isolated
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTests {

	private final List<String> awsClients = new ArrayList<>();

	@Test
	void awsProfileWithoutIssuerIsRefusedBeforeAnyAwsClientExists(CapturedOutput output) {
		assertThatThrownBy(() -> start("aws")).isInstanceOf(SecuritySetupException.class)
			.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri is not set");
		assertThat(this.awsClients).as("AWS clients created before the refusal").isEmpty();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Set spring.security.oauth2.resourceserver.jwt.issuer-uri");
	}

	@Test
	void anyOtherProfileWithoutIssuerIsRefusedToo() {
		assertThatThrownBy(() -> start("localstack")).isInstanceOf(SecuritySetupException.class)
			.hasMessageContaining("profile(s) localstack (security mode 'oauth2')");
		assertThat(this.awsClients).isEmpty();
	}

	@Test
	void awsProfileInTheLocalModeIsRefused(CapturedOutput output) {
		assertThatThrownBy(() -> start("aws", "--todo.security.mode=local",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/issuer"))
			.isInstanceOf(SecuritySetupException.class)
			.hasMessageContaining("todo.security.mode=local");
		assertThat(output).contains("Remove todo.security.mode=local");
	}

	@Test
	void anUnknownModeIsRefused() {
		assertThatThrownBy(() -> start(null, "--todo.security.mode=open")).isInstanceOf(SecuritySetupException.class)
			.hasMessageContaining("todo.security.mode is 'open'");
	}

	private void start(String profile, String... args) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(TodoStreamsApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
				@Override
				public Object postProcessBeforeInitialization(Object bean, String name) {
					if (bean instanceof SdkClient) {
						StartupRefusalTests.this.awsClients.add(name);
					}
					return bean;
				}
			}));
		if (profile != null) {
			builder.profiles(profile);
		}
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--spring.cloud.aws.region.static=us-east-1");
		all.add("--spring.cloud.aws.endpoint=http://127.0.0.1:9");
		all.add("--spring.cloud.aws.credentials.access-key=test");
		all.add("--spring.cloud.aws.credentials.secret-key=test");
		try (ConfigurableApplicationContext context = builder.run(all.toArray(String[]::new))) {
			throw new AssertionError("started: " + context);
		}
	}

}
