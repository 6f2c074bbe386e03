package dev.todostreams.system;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The start-up archive of {@code mvn spring-boot:run}, only where its run configuration asks for it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "todo.dev.start-archive.directory")
@EnableConfigurationProperties(DevStartArchiveProperties.class)
class DevStartArchiveConfiguration {

	@Bean
	DevStartArchiveTrainer devStartArchiveTrainer(DevStartArchiveProperties properties) {
		return DevStartArchiveTrainer.forThisJvm(properties.directory(), properties.delay());
	}

}
