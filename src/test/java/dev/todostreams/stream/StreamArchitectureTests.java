package dev.todostreams.stream;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.todostreams.testsupport.DoNotIncludeAotGenerated;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.todostreams",
		importOptions = { ImportOption.DoNotIncludeTests.class, DoNotIncludeAotGenerated.class })
class StreamArchitectureTests {

	@ArchTest
	static final ArchRule streamKnowsNothingAboutTodos = noClasses().that()
		.resideInAPackage("dev.todostreams.stream..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.todostreams.todo..");

	@ArchTest
	static final ArchRule streamCoreIsFreeOfSpringAndKcl = noClasses().that()
		.resideInAPackage("dev.todostreams.stream")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "software.amazon.kinesis..", "com.amazonaws..");

	/** The KCL side is plain Java: its settings are bound to {@code todo.stream.*} in {@code stream.config}. */
	@ArchTest
	static final ArchRule kclSideIsFreeOfSpring = noClasses().that()
		.resideInAPackage("dev.todostreams.stream.kcl..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..");

	@ArchTest
	static final ArchRule mainCodeNeverUsesTheEmulatorFromTheStream = noClasses().that()
		.resideInAPackage("dev.todostreams.stream..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.todostreams.emulator..");

}
