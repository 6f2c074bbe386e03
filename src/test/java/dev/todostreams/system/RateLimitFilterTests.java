package dev.todostreams.system;

import java.security.Principal;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTests {

	@Test
	void keysOnThePrincipalWhenThereIsOneElseOnTheRemoteAddress() {
		MockHttpServletRequest anonymous = request("POST", "/api/todos", "10.0.0.7", null);
		assertThat(RateLimitFilter.client(anonymous)).isEqualTo("address:10.0.0.7");
		MockHttpServletRequest alice = request("POST", "/api/todos", "10.0.0.7", () -> "alice");
		assertThat(RateLimitFilter.client(alice)).isEqualTo("principal:alice");
	}

	@Test
	void aPrincipalKeepsItsBucketFromAnyAddressAndOthersHaveTheirOwn() throws Exception {
		RateLimitFilter filter = filter(2, 1, 5, 5);
		assertThat(status(filter, request("POST", "/api/todos", "10.0.0.1", () -> "alice"))).isEqualTo(200);
		assertThat(status(filter, request("PATCH", "/api/todos/T1", "10.0.0.2", () -> "alice"))).isEqualTo(200);
		assertThat(status(filter, request("DELETE", "/api/todos/T1", "10.0.0.3", () -> "alice"))).isEqualTo(429);
		assertThat(status(filter, request("POST", "/api/todos", "10.0.0.1", () -> "bob"))).isEqualTo(200);
		assertThat(status(filter, request("POST", "/api/todos", "10.0.0.1", null))).isEqualTo(200);
	}

	@Test
	void refusesWithRetryAfterAndAProblemAndLetsReadsThrough() throws Exception {
		RateLimitFilter filter = filter(1, 1, 5, 5);
		assertThat(status(filter, request("PUT", "/api/todos/T1", "10.0.0.1", null))).isEqualTo(200);
		MockHttpServletResponse refused = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request("PUT", "/api/todos/T1", "10.0.0.1", null), refused, chain);
		assertThat(chain.getRequest()).as("not passed on").isNull();
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 60L);
		assertThat(refused.getContentType()).isEqualTo("application/problem+json");
		assertThat(refused.getContentAsString()).contains("\"status\":429")
			.contains("\"title\":\"Too Many Requests\"")
			.contains("Too many writes: at most 1 per minute (bursts of 1) per client")
			.contains("\"instance\":\"/api/todos/T1\"");
		for (String method : new String[] { "GET", "HEAD", "OPTIONS" }) {
			assertThat(status(filter, request(method, "/api/todos/T1", "10.0.0.1", null))).as(method).isEqualTo(200);
		}
	}

	@Test
	void webhookCreationHasAStricterLimitOfItsOwn() throws Exception {
		RateLimitFilter filter = filter(10, 10, 1, 1);
		assertThat(status(filter, request("POST", "/api/webhooks", "10.0.0.1", null))).isEqualTo(200);
		MockHttpServletResponse refused = new MockHttpServletResponse();
		filter.doFilter(request("POST", "/api/webhooks", "10.0.0.1", null), refused, new MockFilterChain());
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getContentAsString()).contains("Too many webhook subscriptions created");
		assertThat(status(filter, request("POST", "/api/webhooks/wh_1/rotate-secret", "10.0.0.1", null)))
			.as("other webhook writes count as writes only")
			.isEqualTo(200);
		assertThat(status(filter, request("POST", "/api/todos", "10.0.0.1", null))).isEqualTo(200);
	}

	@Test
	void keepsAtMostMaxClientsBuckets() throws Exception {
		RateLimitFilter filter = new RateLimitFilter(new RateLimitProperties(true,
				new RateLimitProperties.Limit(1L, 1L), null, 100));
		for (int i = 0; i < 1000; i++) {
			status(filter, request("POST", "/api/todos", "10.0." + (i / 250) + "." + (i % 250), null));
		}
		assertThat(filter.clients()).isEqualTo(100);
	}

	@Test
	void takesEachLimitsDefaultsForWhatIsNotSet() {
		RateLimitProperties properties = new RateLimitProperties(true, new RateLimitProperties.Limit(5L, null),
				null, 10);
		assertThat(properties.writes()).isEqualTo(new RateLimitProperties.Limit(5L, 300L));
		assertThat(properties.webhookCreation()).isEqualTo(RateLimitProperties.DEFAULT_WEBHOOK_CREATION);
	}

	private static RateLimitFilter filter(long writes, long writesPerMinute, long creations, long creationsPerMinute) {
		return new RateLimitFilter(new RateLimitProperties(true, new RateLimitProperties.Limit(writes, writesPerMinute),
				new RateLimitProperties.Limit(creations, creationsPerMinute), 1000));
	}

	private static int status(RateLimitFilter filter, MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	private static MockHttpServletRequest request(String method, String path, String address, Principal principal) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setServletPath(path);
		request.setRemoteAddr(address);
		request.setUserPrincipal(principal);
		return request;
	}

}
