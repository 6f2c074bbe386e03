package dev.todostreams.todo;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.RestController;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Controllers stay thin: DynamoDB access lives in the repository only. */
class TodoArchitectureTests {

	private static final JavaClasses TODO = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.todostreams.todo", "dev.todostreams.system");

	@Test
	void controllersDoNotTouchTheAwsSdk() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("software.amazon.awssdk..")
			.check(TODO);
	}

	@Test
	void onlyTheRepositoryCallsDynamoDb() {
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
			.check(TODO);
	}

}
