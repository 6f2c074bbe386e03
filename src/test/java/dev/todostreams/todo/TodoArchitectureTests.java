package dev.todostreams.todo;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import dev.todostreams.testsupport.DoNotIncludeAotGenerated;

import org.springframework.web.bind.annotation.RestController;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Controllers stay thin: DynamoDB access lives in the repository only. */
@AnalyzeClasses(packages = "dev.todostreams",
		importOptions = { ImportOption.DoNotIncludeTests.class, DoNotIncludeAotGenerated.class })
class TodoArchitectureTests {

	/** The packages these rules are about, out of the one import all ArchUnit tests share. */
	private static JavaClasses todoAndSystem(JavaClasses classes) {
		return classes.that(JavaClass.Predicates.resideInAnyPackage("dev.todostreams.todo..", "dev.todostreams.system.."));
	}

	@ArchTest
	static void controllersDoNotTouchTheAwsSdk(JavaClasses classes) {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("software.amazon.awssdk..")
			.check(todoAndSystem(classes));
	}

	@ArchTest
	static void onlyTheRepositoryCallsDynamoDb(JavaClasses classes) {
		noClasses().that()
			.resideInAPackage("dev.todostreams.todo..")
			.and()
			.doNotHaveSimpleName("TodoRepository")
			.and()
			.doNotHaveSimpleName("TodoConfiguration")
			.should()
			.callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates
				.target(com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With
					.owner(com.tngtech.archunit.base.DescribedPredicate.describe("DynamoDbClient",
							(owner) -> owner.isAssignableTo(DynamoDbClient.class)))))
			.check(todoAndSystem(classes));
	}

}
