package dev.todostreams.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	DynamoDbHealthIndicator dynamoDbHealthIndicator(DynamoDbClient dynamoDb, TableNameResolver tableNames,
			ObjectProvider<TableDefinition> definitions) {
		return new DynamoDbHealthIndicator(dynamoDb, tableNames, definitions.orderedStream().toList());
	}

}
