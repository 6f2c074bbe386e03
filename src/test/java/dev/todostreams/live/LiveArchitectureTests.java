package dev.todostreams.live;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The live feed hangs off the consumer; the consumer and the rest know nothing of it. */
class LiveArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.todostreams");

	@Test
	void nothingElseDependsOnTheLiveFeed() {
		noClasses().that()
			.resideOutsideOfPackage("dev.todostreams.live..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.todostreams.live..")
			.check(MAIN);
	}

	@Test
	void onlyTheDeliveryObserverKnowsTheWebhooks() {
		noClasses().that()
			.resideInAPackage("dev.todostreams.live..")
			.and()
			.doNotHaveSimpleName("WebhookDeliveryObserver")
			.and()
			.doNotHaveSimpleName("LiveConfiguration")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.todostreams.notify..")
			.check(MAIN);
	}

}
