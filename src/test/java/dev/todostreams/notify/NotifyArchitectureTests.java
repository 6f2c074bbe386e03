package dev.todostreams.notify;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import dev.todostreams.testsupport.DoNotIncludeAotGenerated;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The seams of the delivery worker (issue 16): only the {@link WebhookCall} sends, only the {@link DeliveryRecorder}
 * records attempts and tells observers, only {@link SubscriptionHealth} writes a subscription's failure streak.
 */
@AnalyzeClasses(packages = "dev.todostreams",
		importOptions = { ImportOption.DoNotIncludeTests.class, DoNotIncludeAotGenerated.class })
class NotifyArchitectureTests {

	@ArchTest
	static void onlyTheCallSendsWebhooks(JavaClasses classes) {
		noClasses().that()
			.doNotHaveSimpleName("WebhookCall")
			.should()
			.callMethod(WebhookSender.class, "send", java.net.URI.class, String.class, long.class, String.class,
					String.class)
			.check(classes);
	}

	@ArchTest
	static void onlyTheRecorderRecordsAttemptsAndTellsObservers(JavaClasses classes) {
		noClasses().that()
			.doNotHaveSimpleName("DeliveryRecorder")
			.should()
			.callMethod(DeliveryRepository.class, "recordAttempt", String.class, DeliveryAttempt.class,
					Delivery.State.class, int.class, java.time.Instant.class)
			.orShould()
			.callMethod(DeliveryObserver.class, "deliveryUpdated", DeliveryObserver.Update.class)
			.check(classes);
	}

	@ArchTest
	static void onlyTheHealthWritesAFailureStreak(JavaClasses classes) {
		noClasses().that()
			.doNotHaveSimpleName("SubscriptionHealth")
			.and()
			.doNotHaveSimpleName("Subscription")
			.should()
			.callMethod(Subscription.class, "withFailingSince", java.time.Instant.class)
			.check(classes);
	}

}
