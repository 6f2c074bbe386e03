package dev.todostreams.system;

import java.net.URI;

import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.emulator.EmulatorOptions;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import lombok.extern.slf4j.Slf4j;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Default mode: runs the embedded DynamoDB emulator in this JVM and points every AWS client at it. It does so as a
 * Spring Cloud AWS {@link AwsConnectionDetails}, which the client builder configurer and the credentials provider
 * prefer over the {@code spring.cloud.aws.*} properties, so no client is configured by hand.
 */
@Slf4j
@Profile("!localstack & !aws")
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmulatorProperties.class)
class EmbeddedDynamoDbConfiguration {

	static final String REGION = "us-east-1";

	private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

	@Bean(destroyMethod = "close")
	DynamoDbEmulator embeddedDynamoDb(EmulatorProperties properties) {
		// The emulator serves HTTP with the JDK's server, which leaves Nagle's algorithm on: every small response
		// then waits for the client's delayed ACK (~40 ms). Must be set before that server's classes load.
		if (System.getProperty(NO_DELAY_PROPERTY) == null) {
			System.setProperty(NO_DELAY_PROPERTY, "true");
		}
		DynamoDbEmulator emulator = DynamoDbEmulator.start(EmulatorOptions.defaults()
			.withPort(properties.port())
			.withRegion(REGION)
			.withDataDirectory(properties.dataDirectory()));
		log.info("Embedded DynamoDB emulator listening on {} ({})", emulator.endpoint(),
				(properties.dataDirectory() != null) ? "data in " + properties.dataDirectory() : "in memory");
		return emulator;
	}

	@Bean
	AwsConnectionDetails embeddedDynamoDbConnectionDetails(DynamoDbEmulator emulator) {
		URI endpoint = emulator.endpoint();
		return new AwsConnectionDetails() {

			@Override
			public URI getEndpoint() {
				return endpoint;
			}

			@Override
			public String getRegion() {
				return REGION;
			}

			@Override
			public String getAccessKey() {
				return "embedded";
			}

			@Override
			public String getSecretKey() {
				return "embedded";
			}

		};
	}

}
