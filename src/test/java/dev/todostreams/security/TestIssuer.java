package dev.todostreams.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny OpenID Connect issuer for the tests: discovery, a JWKS of an RSA key made here, and tokens signed with it
 * (nimbus-jose-jwt, which the resource server brings). It also plays the authorization server of an OAuth2 login:
 * {@code /authorize} answers at once with a code for a chosen subject, {@code /token} checks the PKCE verifier
 * against the challenge and returns an access token and an ID token. One instance per test JVM.
 */
final class TestIssuer {

	static final String CLIENT_ID = "todo-ui";

	static final String CLIENT_SECRET = "todo-ui-secret";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestIssuer shared;

	private final HttpServer server;

	private final RSAKey key;

	/** A key the issuer does not publish: tokens signed with it must be refused. */
	private final RSAKey stranger;

	private final Map<String, Authorization> codes = new ConcurrentHashMap<>();

	private final AtomicInteger pkceChecked = new AtomicInteger();

	/** Who signs in through {@code /authorize} next, and with which scopes and claims. */
	private volatile Login nextLogin = new Login("browser-user", List.of("todo.read", "todo.write"), Map.of());

	private TestIssuer() throws IOException, JOSEException {
		this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
		this.stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/.well-known/openid-configuration", this::discovery);
		this.server.createContext("/jwks", (exchange) -> respond(exchange, 200,
				new JWKSet(this.key.toPublicJWK()).toString(true)));
		this.server.createContext("/authorize", this::authorize);
		this.server.createContext("/token", this::token);
		this.server.start();
	}

	static synchronized TestIssuer shared() {
		if (shared == null) {
			try {
				shared = new TestIssuer();
			}
			catch (IOException | JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return shared;
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** An access token for {@code subject} with these scopes (space separated in {@code scope}). */
	String token(String subject, String... scopes) {
		return token(subject, String.join(" ", scopes), Map.of());
	}

	String token(String subject, String scope, Map<String, Object> claims) {
		JWTClaimsSet.Builder builder = baseClaims(subject).claim("scope", scope);
		claims.forEach(builder::claim);
		return sign(builder.build(), this.key);
	}

	/** A token signed by a key that is not in the JWKS. */
	String forgedToken(String subject, String... scopes) {
		return sign(baseClaims(subject).claim("scope", String.join(" ", scopes)).build(), this.stranger);
	}

	/** A token whose lifetime ended. */
	String expiredToken(String subject, String... scopes) {
		Instant past = Instant.now().minusSeconds(3600);
		return sign(baseClaims(subject).issueTime(Date.from(past.minusSeconds(300)))
			.expirationTime(Date.from(past))
			.claim("scope", String.join(" ", scopes))
			.build(), this.key);
	}

	void nextLogin(String subject, List<String> scopes, Map<String, Object> idTokenClaims) {
		this.nextLogin = new Login(subject, scopes, idTokenClaims);
	}

	/** How many token requests carried a code verifier that matched the S256 challenge of their authorization. */
	int pkceChecked() {
		return this.pkceChecked.get();
	}

	private JWTClaimsSet.Builder baseClaims(String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(uri())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.jwtID(UUID.randomUUID().toString());
	}

	private static String sign(JWTClaimsSet claims, RSAKey with) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(with));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void discovery(HttpExchange exchange) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", uri());
		body.put("authorization_endpoint", uri() + "/authorize");
		body.put("token_endpoint", uri() + "/token");
		body.put("jwks_uri", uri() + "/jwks");
		body.put("end_session_endpoint", uri() + "/logout");
		body.put("response_types_supported", List.of("code"));
		body.put("subject_types_supported", List.of("public"));
		body.put("id_token_signing_alg_values_supported", List.of("RS256"));
		body.put("scopes_supported", List.of("openid", "todo.read", "todo.write", "webhooks", "admin"));
		body.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
		body.put("code_challenge_methods_supported", List.of("S256"));
		respond(exchange, 200, JSON.writeValueAsString(body));
	}

	/** Signs {@link #nextLogin} in at once and sends the browser back with a code. */
	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		String code = UUID.randomUUID().toString();
		this.codes.put(code, new Authorization(this.nextLogin, query.get("nonce"), query.get("code_challenge"),
				query.get("redirect_uri")));
		String location = query.get("redirect_uri") + "?code=" + code + "&state="
				+ java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		Map<String, String> form = form(read(exchange.getRequestBody()));
		Authorization authorization = this.codes.remove(form.getOrDefault("code", ""));
		if (authorization == null || !CLIENT_ID.equals(clientId(exchange))) {
			respond(exchange, 400, "{\"error\":\"invalid_grant\"}");
			return;
		}
		if (authorization.challenge() != null) {
			if (!authorization.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
				respond(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE verifier\"}");
				return;
			}
			this.pkceChecked.incrementAndGet();
		}
		Login login = authorization.login();
		JWTClaimsSet.Builder id = baseClaims(login.subject()).audience(CLIENT_ID).claim("azp", CLIENT_ID);
		if (authorization.nonce() != null) {
			id.claim("nonce", authorization.nonce());
		}
		login.idTokenClaims().forEach(id::claim);
		String scope = String.join(" ", login.scopes());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", token(login.subject(), scope, Map.of()));
		body.put("token_type", "Bearer");
		body.put("expires_in", 600);
		body.put("scope", "openid " + scope);
		body.put("id_token", sign(id.build(), this.key));
		respond(exchange, 200, JSON.writeValueAsString(body));
	}

	private static String clientId(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		if (header == null || !header.startsWith("Basic ")) {
			return "";
		}
		String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
		String[] parts = decoded.split(":", 2);
		return (parts.length == 2 && CLIENT_SECRET.equals(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)))
				? URLDecoder.decode(parts[0], StandardCharsets.UTF_8) : "";
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> form(String raw) {
		Map<String, String> out = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return out;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String name = (eq < 0) ? pair : pair.substring(0, eq);
			String value = (eq < 0) ? "" : pair.substring(eq + 1);
			out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return out;
	}

	private static String read(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	static URI redirectTarget(String location) {
		return URI.create(location);
	}

	record Login(String subject, List<String> scopes, Map<String, Object> idTokenClaims) {
	}

	record Authorization(Login login, String nonce, String challenge, String redirectUri) {
	}

}
