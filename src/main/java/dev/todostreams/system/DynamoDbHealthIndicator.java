package dev.todostreams.system;

import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** DOWN when DynamoDB cannot be reached or a table the app declares is missing; shows each table's status. */
class DynamoDbHealthIndicator extends AbstractHealthIndicator {

	private final DynamoDbClient dynamoDb;

	private final TableNameResolver tableNames;

	private final List<TableDefinition> definitions;

	DynamoDbHealthIndicator(DynamoDbClient dynamoDb, TableNameResolver tableNames, List<TableDefinition> definitions) {
		super("DynamoDB health check failed");
		this.dynamoDb = dynamoDb;
		this.tableNames = tableNames;
		this.definitions = definitions;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		for (TableDefinition definition : this.definitions) {
			String name = this.tableNames.resolve(definition);
			TableDescription table = this.dynamoDb.describeTable((request) -> request.tableName(name)).table();
			builder.withDetail(name, table.tableStatusAsString());
		}
	}

}
