package dev.todostreams.todo;

import java.time.Clock;

import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableNameResolver;
import lombok.extern.slf4j.Slf4j;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the todo feature and declares its tables. */
@Slf4j
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TodoProperties.class)
class TodoConfiguration {

	@Bean
	TableDefinition todosTable() {
		return TodoTable.todos();
	}

	@Bean
	TableDefinition todoCountersTable() {
		return TodoTable.counters();
	}

	@Bean
	TodoStatuses todoStatuses(TodoProperties properties) {
		return new TodoStatuses(properties);
	}

	@Bean
	CursorCodec todoCursorCodec(TodoProperties properties) {
		if (properties.cursorSecret() == null || properties.cursorSecret().isBlank()) {
			log.info("todo.api.cursor-secret is not set: list cursors are signed with a random key and do not "
					+ "survive a restart or work across instances");
		}
		return CursorCodec.withSecret(properties.cursorSecret());
	}

	@Bean
	TodoRepository todoRepository(DynamoDbClient dynamoDb, TableNameResolver tableNames) {
		return new TodoRepository(dynamoDb, tableNames);
	}

	@Bean
	TodoService todoService(TodoRepository repository, TodoStatuses statuses, CursorCodec cursors,
			TodoProperties properties, ObjectProvider<Clock> clock) {
		return new TodoService(repository, statuses, cursors, properties, clock.getIfAvailable(Clock::systemUTC));
	}

}
