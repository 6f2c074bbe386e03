package dev.todostreams.system;

import java.util.List;

import dev.todostreams.system.TableDefinition.Index;
import dev.todostreams.system.TableDefinition.Key;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import static org.assertj.core.api.Assertions.assertThat;

class TableDefinitionTests {

	private final TableDefinition definition = new TableDefinition("Todos", Key.string("TodoID"),
			List.of(new Index("Status-DueDate-index", Key.string("Status"), Key.string("DueDate"))),
			StreamViewType.NEW_AND_OLD_IMAGES, "ExpiresAt");

	@Test
	void aSortKeyIsPartOfTheKeySchemaAndChecked() {
		TableDefinition log = new TableDefinition("TodoChangeLog", Key.string("Bucket"), Key.string("Position"),
				List.of(), null, "ExpiresAt");
		CreateTableRequest request = log.createTableRequest("TodoChangeLog");
		assertThat(request.keySchema()).containsExactly(hash("Bucket"), range("Position"));
		assertThat(request.attributeDefinitions()).extracting((a) -> a.attributeName())
			.containsExactly("Bucket", "Position");
		TableDescription hashOnly = TableDescription.builder().tableName("TodoChangeLog").keySchema(hash("Bucket")).build();
		assertThat(log.problemsWith(hashOnly)).singleElement()
			.asString()
			.contains("needs [Bucket HASH, Position RANGE]");
		TableDescription right = TableDescription.builder()
			.tableName("TodoChangeLog")
			.keySchema(hash("Bucket"), range("Position"))
			.build();
		assertThat(log.problemsWith(right)).isEmpty();
	}

	@Test
	void createRequestHasKeysIndexAndStream() {
		CreateTableRequest request = this.definition.createTableRequest("p-Todos");
		assertThat(request.tableName()).isEqualTo("p-Todos");
		assertThat(request.keySchema()).containsExactly(hash("TodoID"));
		assertThat(request.attributeDefinitions()).extracting((a) -> a.attributeName())
			.containsExactly("TodoID", "Status", "DueDate");
		assertThat(request.globalSecondaryIndexes()).singleElement()
			.satisfies((gsi) -> assertThat(gsi.keySchema()).containsExactly(hash("Status"), range("DueDate")));
		assertThat(request.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
	}

	@Test
	void matchingTableHasNoProblems() {
		assertThat(this.definition.problemsWith(table(StreamViewType.NEW_AND_OLD_IMAGES, true))).isEmpty();
	}

	@Test
	void reportsMissingStreamWithFix() {
		assertThat(this.definition.problemsWith(table(null, true))).singleElement()
			.asString()
			.contains("has no stream")
			.contains("StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
	}

	@Test
	void reportsWrongStreamViewType() {
		assertThat(this.definition.problemsWith(table(StreamViewType.KEYS_ONLY, true))).singleElement()
			.asString()
			.contains("view type KEYS_ONLY")
			.contains("needs NEW_AND_OLD_IMAGES");
	}

	@Test
	void reportsMissingIndexAndWrongKey() {
		TableDescription wrong = table(StreamViewType.NEW_AND_OLD_IMAGES, false).toBuilder()
			.keySchema(hash("id"))
			.build();
		assertThat(this.definition.problemsWith(wrong)).hasSize(2)
			.anySatisfy((p) -> assertThat(p).contains("needs TodoID as its only (HASH) key"))
			.anySatisfy((p) -> assertThat(p).contains("no global secondary index 'Status-DueDate-index'"));
	}

	private static TableDescription table(StreamViewType viewType, boolean withIndex) {
		TableDescription.Builder table = TableDescription.builder().tableName("Todos").keySchema(hash("TodoID"));
		if (withIndex) {
			table.globalSecondaryIndexes(GlobalSecondaryIndexDescription.builder()
				.indexName("Status-DueDate-index")
				.keySchema(hash("Status"), range("DueDate"))
				.build());
		}
		if (viewType != null) {
			table.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(viewType).build())
				.latestStreamArn("arn:aws:dynamodb:us-east-1:000000000000:table/Todos/stream/x");
		}
		return table.build();
	}

	private static KeySchemaElement hash(String name) {
		return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
	}

	private static KeySchemaElement range(String name) {
		return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
	}

}
