package dev.todostreams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.todostreams.testsupport.DoNotIncludeAotGenerated;

/**
 * The package rules of ARCHITECTURE.md. Every ArchUnit test class analyzes the same classes
 * ({@code dev.todostreams}, main code only), so ArchUnit imports them once per test JVM and serves the rest from
 * its cache.
 */
@AnalyzeClasses(packages = "dev.todostreams",
		importOptions = { ImportOption.DoNotIncludeTests.class, DoNotIncludeAotGenerated.class })
class ArchitectureTests {

	@ArchTest
	static void emulatorDependsOnNothingOfOursAndNoSpring(JavaClasses classes) {
		noClasses().that()
			.resideInAPackage("dev.todostreams.emulator..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "dev.todostreams.todo..", "dev.todostreams.stream..",
					"dev.todostreams.notify..", "dev.todostreams.live..", "dev.todostreams.system..")
			.check(classes);
		noClasses().that()
			.resideInAPackage("dev.todostreams.emulator..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.todostreams.TodoStreamsApplication")
			.check(classes);
	}

	/**
	 * The emulator's packages form no cycle, its root package included: the root wires the subpackages together
	 * ({@code DynamoDbEmulator}), so nothing below may need the root. (A slice pattern such as
	 * {@code emulator.(*)..} would leave the root's classes out of every slice and miss exactly that cycle.)
	 */
	@ArchTest
	static void emulatorPackagesAreFreeOfCycles(JavaClasses classes) {
		slices().assignedFrom(EMULATOR_PACKAGES).should().beFreeOfCycles().check(classes);
	}

	private static final String EMULATOR = "dev.todostreams.emulator";

	/** One slice per emulator package directly under the root (with its subpackages), and one for the root itself. */
	private static final SliceAssignment EMULATOR_PACKAGES = new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			if (name.equals(EMULATOR)) {
				return SliceIdentifier.of("emulator (root)");
			}
			if (name.startsWith(EMULATOR + ".")) {
				return SliceIdentifier.of("emulator." + name.substring(EMULATOR.length() + 1).split("\\.")[0]);
			}
			return SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "the packages of " + EMULATOR + ", its root package included";
		}

	};

}
