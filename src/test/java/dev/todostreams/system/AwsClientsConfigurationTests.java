package dev.todostreams.system;

import java.net.URI;
import java.util.List;

import dev.todostreams.emulator.DynamoDbEmulator;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration;
import io.awspring.cloud.dynamodb.DynamoDbTableNameResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every AWS client is configured from the same Spring Cloud AWS settings, in each mode. */
class AwsClientsConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RegionProviderAutoConfiguration.class,
				CredentialsProviderAutoConfiguration.class, AwsAutoConfiguration.class, DynamoDbAutoConfiguration.class))
		.withUserConfiguration(AwsClientsConfiguration.class)
		.withPropertyValues("todo.tables.bootstrap=none");

	@Test
	void localStackSettingsReachEveryClient() {
		this.runner
			.withPropertyValues("spring.cloud.aws.endpoint=http://localhost:4566",
					"spring.cloud.aws.region.static=eu-west-1", "spring.cloud.aws.credentials.access-key=test",
					"spring.cloud.aws.credentials.secret-key=test")
			.run((context) -> {
				for (AwsServiceClientConfiguration config : configurations(context)) {
					assertThat(config.endpointOverride()).contains(URI.create("http://localhost:4566"));
					assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
					assertThat(config.credentialsProvider().resolveIdentity().join().accessKeyId()).isEqualTo("test");
				}
			});
	}

	@Test
	void awsModeHasNoEndpointOverride() {
		this.runner.withPropertyValues("spring.cloud.aws.region.static=eu-central-1").run((context) -> {
			for (AwsServiceClientConfiguration config : configurations(context)) {
				assertThat(config.endpointOverride()).isEmpty();
				assertThat(config.region()).isEqualTo(Region.EU_CENTRAL_1);
			}
		});
	}

	@Test
	void embeddedModePointsEveryClientAtTheEmulator() {
		this.runner.withUserConfiguration(EmbeddedDynamoDbConfiguration.class)
			.withPropertyValues("spring.cloud.aws.region.static=eu-west-1")
			.run((context) -> {
				URI endpoint = context.getBean(DynamoDbEmulator.class).endpoint();
				for (AwsServiceClientConfiguration config : configurations(context)) {
					assertThat(config.endpointOverride()).contains(endpoint);
					assertThat(config.region()).isEqualTo(Region.US_EAST_1);
					// the emulator ignores signatures, so the embedded mode does not sign
					assertThat(config.credentialsProvider()).isInstanceOf(AnonymousCredentialsProvider.class);
				}
				assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames()).isNotNull();
			});
	}

	/** One prefix for every table: Spring Cloud AWS's table name resolver is ours, its own prefix never applies. */
	@Test
	void tableNamesResolveInOnePlace() {
		this.runner
			.withPropertyValues("spring.cloud.aws.region.static=eu-west-1", "todo.tables.prefix=p-",
					"spring.cloud.aws.dynamodb.table-prefix=other-")
			.run((context) -> {
				TableNameResolver resolver = context.getBean(TableNameResolver.class);
				assertThat(context.getBean(DynamoDbTableNameResolver.class)).isSameAs(resolver);
				assertThat(resolver.resolve("Todos")).isEqualTo("p-Todos");
				assertThat(resolver.resolve(new TableDefinition("Notes", TableDefinition.Key.string("id"), List.of(),
						null, null))).isEqualTo("p-Notes");
				assertThat(resolver.resolve(TodoEntity.class)).isEqualTo("p-todo_entity");
			});
	}

	/** An entity class as Spring Cloud AWS's {@code DynamoDbTemplate} names tables after. */
	static final class TodoEntity {

	}

	private static List<AwsServiceClientConfiguration> configurations(ApplicationContext context) {
		List<AwsClient> clients = List.of(context.getBean(DynamoDbClient.class),
				context.getBean(DynamoDbAsyncClient.class), context.getBean(DynamoDbStreamsClient.class),
				context.getBean(CloudWatchAsyncClient.class));
		return clients.stream().map(AwsClient::serviceClientConfiguration).toList();
	}

}
