package dev.todostreams.system;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * The start-up archive of {@code mvn spring-boot:run} ({@link DevStartArchive}); the Maven plugin's run configuration
 * sets the directory, together with the JVM options the archive needs.
 *
 * @param directory where the class-path jar, the archive and its working files live
 * @param delay how long after the application is ready the class list is taken (the classes of the stream consumer's
 * first records and of a first request are loaded by then)
 */
@Validated
@ConfigurationProperties("todo.dev.start-archive")
record DevStartArchiveProperties(@NotNull Path directory, @DefaultValue("10s") Duration delay) {
}
