package dev.todostreams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of ARCHITECTURE.md. */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.todostreams");

	@Test
	void emulatorDependsOnNothingOfOursAndNoSpring() {
		noClasses().that()
			.resideInAPackage("dev.todostreams.emulator..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "dev.todostreams.todo..", "dev.todostreams.stream..",
					"dev.todostreams.notify..", "dev.todostreams.live..", "dev.todostreams.system..")
			.check(MAIN);
		noClasses().that()
			.resideInAPackage("dev.todostreams.emulator..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.todostreams.TodoStreamsApplication")
			.check(MAIN);
	}
}
