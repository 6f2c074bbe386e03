package dev.todostreams.system;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs the {@link TableBootstrap} in the background from the moment this bean exists (early: the client and the
 * table definitions are all it needs), so the tables are made while the rest of the singletons are created, and
 * waits for it once all singletons exist, before any lifecycle bean (web server, ...) starts. A failure stops the
 * start as before.
 */
class TableBootstrapRunner implements InitializingBean, SmartInitializingSingleton {

	private final TableBootstrap bootstrap;

	private final TablesProperties.BootstrapMode mode;

	private final Supplier<List<TableDefinition>> definitions;

	private volatile @Nullable CompletableFuture<Void> run;

	TableBootstrapRunner(TableBootstrap bootstrap, TablesProperties.BootstrapMode mode,
			Supplier<List<TableDefinition>> definitions) {
		this.bootstrap = bootstrap;
		this.mode = mode;
		this.definitions = definitions;
	}

	@Override
	public void afterPropertiesSet() {
		List<TableDefinition> all = this.definitions.get();
		CompletableFuture<Void> started = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				this.bootstrap.run(this.mode, all);
				started.complete(null);
			}
			catch (Throwable ex) {
				started.completeExceptionally(ex);
			}
		}, "table-bootstrap");
		thread.setDaemon(true);
		this.run = started;
		thread.start();
	}

	@Override
	public void afterSingletonsInstantiated() {
		CompletableFuture<Void> current = this.run;
		if (current == null) {
			this.bootstrap.run(this.mode, this.definitions.get());
			return;
		}
		try {
			current.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

}
