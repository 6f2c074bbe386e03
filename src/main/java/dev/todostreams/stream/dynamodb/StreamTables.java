package dev.todostreams.stream.dynamodb;

import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import dev.todostreams.system.TableStatusWaiter;

/**
 * Creates (or checks) the consumer's own tables: a string hash key {@code id} and a TTL attribute
 * {@code expiresAt} in epoch seconds.
 */
@Slf4j
public final class StreamTables {

	static final String ID = "id";

	static final String EXPIRES_AT = "expiresAt";

	private StreamTables() {
	}

	/**
	 * @param create create a missing table (emulator, LocalStack); otherwise fail fast with a clear message (AWS)
	 */
	public static void ensure(DynamoDbClient dynamo, String tableName, boolean create) {
		try {
			TableStatus status = dynamo.describeTable((r) -> r.tableName(tableName)).table().tableStatus();
			log.debug("Table {} exists ({})", tableName, status);
			if (status != TableStatus.ACTIVE) {
				// made by another instance starting at the same time: used only once ACTIVE
				new TableStatusWaiter(dynamo).awaitActive(tableName);
			}
			return;
		}
		catch (ResourceNotFoundException ex) {
			if (!create) {
				throw new IllegalStateException("DynamoDB table '" + tableName
						+ "' does not exist; create it from the infra template (hash key 'id' S, TTL on 'expiresAt')");
			}
		}
		try {
			dynamo.createTable((r) -> r.tableName(tableName)
				.keySchema(KeySchemaElement.builder().attributeName(ID).keyType(KeyType.HASH).build())
				.attributeDefinitions(AttributeDefinition.builder()
					.attributeName(ID)
					.attributeType(ScalarAttributeType.S)
					.build())
				.billingMode(BillingMode.PAY_PER_REQUEST));
			log.info("Created table {}", tableName);
		}
		catch (ResourceInUseException ex) {
			// another instance created it at the same moment
		}
		new TableStatusWaiter(dynamo).awaitActive(tableName);
		try {
			dynamo.updateTimeToLive((r) -> r.tableName(tableName)
				.timeToLiveSpecification((t) -> t.attributeName(EXPIRES_AT).enabled(true)));
		}
		catch (RuntimeException ex) {
			log.warn("Could not enable TTL on {}: {}", tableName, ex.toString());
		}
	}

}
