package dev.todostreams.security;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todostreams.testsupport.TestApi;

/**
 * The app in the {@code oauth2} mode (as under the {@code aws} profile, on the embedded emulator), trusting the
 * in-test issuer: every test talks to it with real signed tokens over real HTTP. The subclasses share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.security.mode=oauth2", "todo.tables.prefix=it-sec-", "todo.webhooks.allow-private-targets=true",
				"todo.webhooks.max-subscriptions-per-owner=3",
				"spring.security.oauth2.client.registration.test.client-id=" + TestIssuer.CLIENT_ID,
				"spring.security.oauth2.client.registration.test.client-secret=" + TestIssuer.CLIENT_SECRET,
				"spring.security.oauth2.client.registration.test.authorization-grant-type=authorization_code",
				"spring.security.oauth2.client.registration.test.scope=openid,todo.read,todo.write" })
abstract class OAuth2ModeTestBase {

	@LocalServerPort
	int port;

	TestApi client;

	TestIssuer issuer = TestIssuer.shared();

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestIssuer.shared().uri());
		registry.add("spring.security.oauth2.client.provider.test.issuer-uri", () -> TestIssuer.shared().uri());
	}

	@BeforeEach
	void client() {
		this.client = TestApi.withCookies(this.port);
	}

	String token(String subject, String... scopes) {
		return this.issuer.token(subject, scopes);
	}

}
