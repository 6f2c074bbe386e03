package dev.todostreams.todo;

import java.time.Duration;

import dev.todostreams.infra.LocalStackImage;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The seed scenario against LocalStack in a container, in the {@code localstack} profile (the app creates its
 * tables there). Skipped where there is no Docker engine; runs on CI runners that have one.
 */
@Testcontainers(disabledWithoutDocker = true)
@ActiveProfiles("localstack")
// the scenario calls the API without tokens: the local security mode, allowed with the localstack profile
@TestPropertySource(properties = "todo.security.mode=local")
class LocalStackStatusChangeScenarioIntegrationTests extends StatusChangeScenario {

	@Container
	static final LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse(LocalStackImage.NAME))
		.withServices("dynamodb", "dynamodbstreams")
		.withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""));

	@DynamicPropertySource
	static void localstackEndpoint(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.aws.endpoint", () -> localstack.getEndpoint().toString());
		registry.add("spring.cloud.aws.region.static", localstack::getRegion);
		registry.add("spring.cloud.aws.credentials.access-key", localstack::getAccessKey);
		registry.add("spring.cloud.aws.credentials.secret-key", localstack::getSecretKey);
	}

	@Override
	Duration deliveryTimeout() {
		// KCL creates its lease, coordinator and worker-metrics tables on LocalStack first
		return Duration.ofSeconds(120);
	}

}
