package dev.todostreams.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Request size limit, wildcard Content-Type refusal and CORS for a separately hosted front end. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebApiProperties.class)
class WebConfiguration implements WebMvcConfigurer {

	private final WebApiProperties properties;

	WebConfiguration(WebApiProperties properties) {
		this.properties = properties;
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter() {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(this.properties.maxRequestSize().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestContentTypeFilter> requestContentTypeFilter() {
		FilterRegistrationBean<RequestContentTypeFilter> registration = new FilterRegistrationBean<>(
				new RequestContentTypeFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (this.properties.corsAllowedOrigins().isEmpty()) {
			return;
		}
		registry.addMapping("/api/**")
			.allowedOrigins(this.properties.corsAllowedOrigins().toArray(String[]::new))
			.allowedMethods("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
			.allowedHeaders("*")
			.exposedHeaders(HttpHeaders.ETAG, HttpHeaders.LOCATION)
			.maxAge(3600);
	}

}
