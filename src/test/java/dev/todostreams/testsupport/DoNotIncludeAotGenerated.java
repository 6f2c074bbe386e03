package dev.todostreams.testsupport;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Leaves out the classes Spring AOT generates into target/classes ({@code process-aot}, at {@code prepare-package}):
 * {@code Foo__BeanDefinitions}, {@code TodoStreamsApplication__BeanFactoryRegistrations}, {@code Foo$$SpringCGLIB$$0}.
 * They call into every package by design; the architecture rules are about the code we write. A second
 * {@code mvn verify} without {@code clean} finds them there before its unit tests run.
 */
public final class DoNotIncludeAotGenerated implements ImportOption {

	@Override
	public boolean includes(Location location) {
		return !location.contains("__") && !location.contains("$$SpringCGLIB$$");
	}

}
