package dev.todostreams.system;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.SmartInitializingSingleton;

/** Runs the {@link TableBootstrap} after all singletons exist and before lifecycle beans start. */
class TableBootstrapRunner implements SmartInitializingSingleton {

	private final TableBootstrap bootstrap;

	private final TablesProperties.BootstrapMode mode;

	private final Supplier<List<TableDefinition>> definitions;

	TableBootstrapRunner(TableBootstrap bootstrap, TablesProperties.BootstrapMode mode,
			Supplier<List<TableDefinition>> definitions) {
		this.bootstrap = bootstrap;
		this.mode = mode;
		this.definitions = definitions;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.bootstrap.run(this.mode, this.definitions.get());
	}

}
