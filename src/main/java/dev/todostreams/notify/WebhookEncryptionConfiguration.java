package dev.todostreams.notify;

import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The cipher for webhook secrets at rest; its key is resolved (or the start refused) when it is created. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookEncryptionProperties.class)
@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", matchIfMissing = true)
class WebhookEncryptionConfiguration {

	@Bean
	SecretCipher webhookSecretCipher(WebhookEncryptionProperties properties, Environment environment) {
		// the embedded emulator runs unless a profile points the app at other tables (EmbeddedDynamoDbConfiguration)
		boolean embedded = Arrays.stream(environment.getActiveProfiles())
			.noneMatch((profile) -> profile.equals("localstack") || profile.equals("aws"));
		String directory = embedded ? environment.getProperty("todo.emulator.data-directory") : null;
		Path dataDirectory = (directory != null && !directory.isBlank()) ? Path.of(directory) : null;
		return WebhookEncryptionKeys.cipher(properties, dataDirectory, embedded && dataDirectory == null);
	}

}
