package dev.todostreams.live;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import dev.todostreams.testsupport.DoNotIncludeAotGenerated;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The live feed hangs off the consumer; the consumer and the rest know nothing of it. */
@AnalyzeClasses(packages = "dev.todostreams",
		importOptions = { ImportOption.DoNotIncludeTests.class, DoNotIncludeAotGenerated.class })
class LiveArchitectureTests {

	@ArchTest
	static void nothingElseDependsOnTheLiveFeed(JavaClasses classes) {
		noClasses().that()
			.resideOutsideOfPackage("dev.todostreams.live..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.todostreams.live..")
			.check(classes);
	}

	@ArchTest
	static void onlyTheDeliveryObserverKnowsTheWebhooks(JavaClasses classes) {
		noClasses().that()
			.resideInAPackage("dev.todostreams.live..")
			.and()
			.doNotHaveSimpleName("WebhookDeliveryObserver")
			.and()
			.doNotHaveSimpleName("LiveConfiguration")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.todostreams.notify..")
			.check(classes);
	}

}
