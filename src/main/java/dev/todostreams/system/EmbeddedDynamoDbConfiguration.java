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

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Default mode: runs the embedded DynamoDB emulator in this JVM and points every AWS client at it. It does so as a
 * Spring Cloud AWS {@link AwsConnectionDetails}, which the client builder configurer and the credentials provider
 * prefer over the {@code spring.cloud.aws.*} properties, so no client is configured by hand. Calls go unsigned
 * (see {@link #embeddedDynamoDbCredentials()}).
 */
@Slf4j
@Profile("!localstack & !aws")
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmulatorProperties.class)
class EmbeddedDynamoDbConfiguration {

	static final String REGION = "us-east-1";

	@Bean(destroyMethod = "close")
	DynamoDbEmulator embeddedDynamoDb(EmulatorProperties properties) {
		DynamoDbEmulator emulator = DynamoDbEmulator.start(EmulatorOptions.defaults()
			.withPort(properties.port())
			.withRegion(REGION)
			.withDataDirectory(properties.dataDirectory())
			.withStreamRetention(properties.streamRetention()));
		log.info("Embedded DynamoDB emulator listening on {} ({})", emulator.endpoint(),
				(properties.dataDirectory() != null) ? "data in " + properties.dataDirectory() : "in memory");
		return emulator;
	}

	/**
	 * The emulator ignores request signatures, so the clients send none: SigV4-signing every call with dummy keys
	 * would only cost CPU (about a sixth of a GetItem's client-side time). Spring Cloud AWS's client builder
	 * configurer hands this provider to every client it builds, instead of the one it would make itself.
	 */
	@Bean
	AwsCredentialsProvider embeddedDynamoDbCredentials() {
		return AnonymousCredentialsProvider.create();
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

		};
	}

}
