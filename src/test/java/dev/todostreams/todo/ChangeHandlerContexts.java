package dev.todostreams.todo;

import dev.todostreams.stream.ItemChangeListeners;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contexts the change-handler tests start: the handler registry ({@link StatusChangeConfiguration}) next to a bare
 * {@link ItemChangeListeners} instead of a stream consumer. Not a {@code @Configuration}: as a top-level test class it
 * would be component-scanned into the application's integration-test contexts.
 */
final class ChangeHandlerContexts {

	private ChangeHandlerContexts() {
	}

	/** A runner for the given handler beans. */
	static ApplicationContextRunner withHandlers(Class<?>... handlers) {
		return registry().withUserConfiguration(handlers);
	}

	/** Starts a context with {@code bean} and asserts that the startup fails with {@code message}. */
	static void assertStartupFails(Class<?> bean, String message) {
		registry().withBean(bean)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(message));
	}

	private static ApplicationContextRunner registry() {
		return new ApplicationContextRunner().withUserConfiguration(StatusChangeConfiguration.class)
			.withBean(ItemChangeListeners.class, ItemChangeListeners::new);
	}

}
