package dev.todostreams.todo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Turns {@link OnStatusChange} methods into stream listeners. */
@Configuration(proxyBeanMethods = false)
public class StatusChangeConfiguration {

	@Bean
	static StatusChangeHandlerRegistry statusChangeHandlerRegistry() {
		return new StatusChangeHandlerRegistry();
	}

}
