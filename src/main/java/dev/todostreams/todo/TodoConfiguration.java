package dev.todostreams.todo;

import java.time.Clock;

import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableNameResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the todo feature and declares its tables. */
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

	/**
	 * No usable cursor key, no start: checked before any bean is created, so before anything touches AWS (the
	 * {@code aws} profile requires the key, which its Secrets Manager import supplies).
	 */
	@Bean
	static BeanFactoryPostProcessor cursorKeyCheck(Environment environment) {
		return (beanFactory) -> CursorKeys.check(environment);
	}

	@Bean
	CursorCodec todoCursorCodec(TodoProperties properties) {
		return CursorKeys.codec(properties);
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
