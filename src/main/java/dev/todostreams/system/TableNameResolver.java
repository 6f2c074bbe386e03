package dev.todostreams.system;

/**
 * The one place that turns a logical table name ({@code Todos}) into the physical one ({@code <prefix>Todos}).
 */
public final class TableNameResolver {

	private final String prefix;

	public TableNameResolver(String prefix) {
		this.prefix = prefix;
	}

	public String resolve(String logicalName) {
		return this.prefix + logicalName;
	}

	public String resolve(TableDefinition definition) {
		return resolve(definition.logicalName());
	}

}
