package dev.todostreams.system;

import io.awspring.cloud.dynamodb.DefaultDynamoDbTableNameResolver;
import io.awspring.cloud.dynamodb.DynamoDbTableNameResolver;

/**
 * The one place that turns a logical table name ({@code Todos}) into the physical one ({@code <prefix>Todos}), the
 * prefix being {@code todo.tables.prefix}. Every table of the app (todos, webhooks, change log, the stream
 * consumer's idempotency, dead-letter and lease tables) is resolved here, by the configuration that builds its
 * repository (docs/ARCHITECTURE.md, "Issue 16: table names").
 * <p>
 * It is also the application's Spring Cloud AWS {@link DynamoDbTableNameResolver} (which names tables after entity
 * classes, for its {@code DynamoDbTemplate}), so that auto-configured one, with its own
 * {@code spring.cloud.aws.dynamodb.table-prefix}, is not created and no second prefix can apply.
 */
public final class TableNameResolver implements DynamoDbTableNameResolver {

	private final String prefix;

	private final DynamoDbTableNameResolver entityNames;

	public TableNameResolver(String prefix) {
		this.prefix = prefix;
		this.entityNames = new DefaultDynamoDbTableNameResolver(prefix);
	}

	public String resolve(String logicalName) {
		return this.prefix + logicalName;
	}

	public String resolve(TableDefinition definition) {
		return resolve(definition.logicalName());
	}

	/** Spring Cloud AWS's name for an entity class ({@code TodoItem} -> {@code <prefix>todo_item}). */
	@Override
	public <T> String resolve(Class<T> entityClass) {
		return this.entityNames.resolve(entityClass);
	}

}
