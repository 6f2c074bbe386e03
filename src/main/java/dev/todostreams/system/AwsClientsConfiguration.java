package dev.todostreams.system;

import java.util.List;

import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Every AWS client the app uses, built by Spring Cloud AWS's {@link AwsClientBuilderConfigurer} from the same
 * region, endpoint and credentials ({@code spring.cloud.aws.*}, or the embedded emulator's
 * {@link AwsConnectionDetails}). The sync {@link DynamoDbClient} comes from the Spring Cloud AWS DynamoDB starter;
 * the async, streams and CloudWatch clients (for the KCL consumer) are added here the same way.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TablesProperties.class)
class AwsClientsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DynamoDbAsyncClient dynamoDbAsyncClient(AwsClientBuilderConfigurer configurer,
			ObjectProvider<AwsConnectionDetails> connectionDetails, ObjectProvider<DynamoDbProperties> dynamoDbProperties,
			ObjectProvider<AwsAsyncClientCustomizer> customizers) {
		return configurer
			.configureAsyncClient(DynamoDbAsyncClient.builder(), dynamoDbProperties.getIfAvailable(),
					connectionDetails.getIfAvailable(), null, customizers.orderedStream())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	DynamoDbStreamsClient dynamoDbStreamsClient(AwsClientBuilderConfigurer configurer,
			ObjectProvider<AwsConnectionDetails> connectionDetails, ObjectProvider<AwsSyncClientCustomizer> customizers) {
		return configurer
			.configureSyncClient(DynamoDbStreamsClient.builder(), null, connectionDetails.getIfAvailable(), null,
					customizers.orderedStream())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	CloudWatchAsyncClient cloudWatchAsyncClient(AwsClientBuilderConfigurer configurer,
			ObjectProvider<AwsConnectionDetails> connectionDetails, ObjectProvider<AwsAsyncClientCustomizer> customizers) {
		return configurer
			.configureAsyncClient(CloudWatchAsyncClient.builder(), null, connectionDetails.getIfAvailable(), null,
					customizers.orderedStream())
			.build();
	}

	@Bean
	TableNameResolver tableNameResolver(TablesProperties properties) {
		return new TableNameResolver(properties.prefix());
	}

	@Bean
	TableBootstrap tableBootstrap(DynamoDbClient dynamoDb, TableNameResolver tableNames) {
		return new TableBootstrap(dynamoDb, tableNames);
	}

	/**
	 * Creates or checks the tables once every bean exists and before any lifecycle bean (web server, stream
	 * consumer) starts; a failed check stops the start.
	 */
	@Bean
	TableBootstrapRunner tableBootstrapRunner(TableBootstrap bootstrap, TablesProperties properties,
			ObjectProvider<TableDefinition> definitions) {
		return new TableBootstrapRunner(bootstrap, properties.bootstrap(),
				() -> List.copyOf(definitions.orderedStream().toList()));
	}

}
