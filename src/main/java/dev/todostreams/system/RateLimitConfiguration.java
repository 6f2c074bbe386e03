package dev.todostreams.system;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Per-client rate limits on API writes ({@link RateLimitFilter}), when {@code todo.api.rate-limit.enabled}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnBooleanProperty(name = "todo.api.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	/**
	 * Spring Boot registers Spring Security's filter chain at {@code spring.security.filter.order}, by default
	 * {@code SecurityFilterProperties.DEFAULT_FILTER_ORDER} ({@code REQUEST_WRAPPER_FILTER_MAX_ORDER - 100}).
	 */
	static final int DEFAULT_SECURITY_FILTER_ORDER = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 100;

	/** Right after Spring Security's filter chain: the principal is known, and a refused login costs no token. */
	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties, Environment environment) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(properties));
		int security = environment.getProperty("spring.security.filter.order", Integer.class,
				DEFAULT_SECURITY_FILTER_ORDER);
		registration.setOrder(security + 10);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

}
