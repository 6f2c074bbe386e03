package dev.todostreams.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import lombok.extern.slf4j.Slf4j;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * Creates the tables the app's features declare, or checks them ({@code aws} mode), before anything serves or
 * consumes. Each table is described once by a {@link TableDefinition}.
 */
@Slf4j
public class TableBootstrap {

	/** A bound on threads for an app with many tables; each creation mostly waits on the endpoint. */
	private static final int MAX_PARALLEL_CREATES = 8;

	private final DynamoDbClient dynamoDb;

	private final TableNameResolver tableNames;

	private final TableStatusWaiter waiter;

	public TableBootstrap(DynamoDbClient dynamoDb, TableNameResolver tableNames) {
		this(dynamoDb, tableNames, new TableStatusWaiter(dynamoDb));
	}

	TableBootstrap(DynamoDbClient dynamoDb, TableNameResolver tableNames, TableStatusWaiter waiter) {
		this.dynamoDb = dynamoDb;
		this.tableNames = tableNames;
		this.waiter = waiter;
	}

	public void run(TablesProperties.BootstrapMode mode, List<TableDefinition> definitions) {
		switch (mode) {
			case CREATE -> createAllIfMissing(definitions);
			case VERIFY -> verify(definitions);
			case NONE -> log.info("Table bootstrap disabled; using tables as they are");
		}
	}

	/**
	 * Creates the missing tables side by side: each one is a few round trips (describe, create, wait, TTL) that do
	 * not depend on the others, and doing them one after another held the application's start for all of them.
	 * @throws RuntimeException the first failure, with the others added as suppressed
	 */
	public void createAllIfMissing(List<TableDefinition> definitions) {
		if (definitions.size() <= 1) {
			definitions.forEach(this::createIfMissing);
			return;
		}
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(definitions.size(), MAX_PARALLEL_CREATES),
				(task) -> {
					Thread thread = new Thread(task, "table-bootstrap");
					thread.setDaemon(true);
					return thread;
				});
		try {
			List<Future<?>> creations = definitions.stream()
				.<Future<?>>map((definition) -> pool.submit(() -> createIfMissing(definition)))
				.toList();
			RuntimeException failure = null;
			for (Future<?> creation : creations) {
				try {
					creation.get();
				}
				catch (ExecutionException ex) {
					RuntimeException cause = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
					if (failure == null) {
						failure = cause;
					}
					else {
						failure.addSuppressed(cause);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while creating tables", ex);
				}
			}
			if (failure != null) {
				throw failure;
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Creates the table (and its TTL setting) unless a table of that name exists, and returns once it is ACTIVE
	 * (a table found CREATING or UPDATING, made by another instance starting at the same time, is waited for too):
	 * nothing uses a table before. The wait polls DescribeTable from 100 ms on ({@link TableStatusWaiter}), not
	 * every 20 s as the SDK's waiter does.
	 */
	public void createIfMissing(TableDefinition definition) {
		String name = this.tableNames.resolve(definition);
		TableDescription existing = describe(name);
		if (existing != null) {
			if (existing.tableStatus() != TableStatus.ACTIVE) {
				log.info("Table {} exists ({}); waiting until it is ACTIVE", name, existing.tableStatusAsString());
				this.waiter.awaitActive(name);
			}
			log.debug("Table {} exists", name);
			return;
		}
		try {
			this.dynamoDb.createTable(definition.createTableRequest(name));
			log.info("Created table {}", name);
		}
		catch (ResourceInUseException ex) {
			log.debug("Table {} was created concurrently", name);
		}
		this.waiter.awaitActive(name);
		if (definition.ttlAttribute() != null) {
			this.dynamoDb.updateTimeToLive((request) -> request.tableName(name)
				.timeToLiveSpecification((ttl) -> ttl.enabled(true).attributeName(definition.ttlAttribute())));
		}
	}

	/**
	 * Checks every table against its definition.
	 * @throws TableSetupException naming every problem found and how to fix it
	 */
	public void verify(List<TableDefinition> definitions) {
		List<String> problems = new ArrayList<>();
		for (TableDefinition definition : definitions) {
			String name = this.tableNames.resolve(definition);
			TableDescription table;
			try {
				table = describe(name);
			}
			catch (SdkException ex) {
				problems.add(("Could not describe table '%s' (%s). Check the region (spring.cloud.aws.region.static), "
						+ "the credentials and that they allow dynamodb:DescribeTable.").formatted(name, ex.getMessage()));
				continue;
			}
			if (table == null) {
				problems.add("Table '%s' does not exist. Create it from the template in infra/aws/ (key %s, %s)."
					.formatted(name, definition.partitionKey().name(), summary(definition)));
				continue;
			}
			problems.addAll(definition.problemsWith(table));
			String ttlWarning = definition.ttlWarning(name, describeTimeToLive(name));
			if (ttlWarning != null) {
				log.warn(ttlWarning);
			}
		}
		if (!problems.isEmpty()) {
			throw new TableSetupException(problems);
		}
		log.info("Tables checked: {}", definitions.stream().map(this.tableNames::resolve).toList());
	}

	private @Nullable TableDescription describe(String name) {
		try {
			return this.dynamoDb.describeTable((request) -> request.tableName(name)).table();
		}
		catch (ResourceNotFoundException ex) {
			return null;
		}
	}

	private @Nullable TimeToLiveDescription describeTimeToLive(String name) {
		try {
			return this.dynamoDb.describeTimeToLive((request) -> request.tableName(name)).timeToLiveDescription();
		}
		catch (SdkException ex) {
			log.debug("Could not describe the TTL of {}", name, ex);
			return null;
		}
	}

	private static String summary(TableDefinition definition) {
		List<String> parts = new ArrayList<>();
		if (definition.sortKey() != null) {
			parts.add("sort key " + definition.sortKey().name());
		}
		definition.indexes().forEach((index) -> parts.add("index " + index.name()));
		if (definition.streamViewType() != null) {
			parts.add("stream " + definition.streamViewType());
		}
		if (definition.ttlAttribute() != null) {
			parts.add("TTL attribute " + definition.ttlAttribute());
		}
		return parts.isEmpty() ? "nothing else" : String.join(", ", parts);
	}

}
