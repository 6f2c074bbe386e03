package dev.todostreams.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app under test over real HTTP, for integration tests of every package: Spring's {@link RestTestClient} bound to
 * the running server (HTTP/1.1, no redirects followed), with short calls that return the whole answer (status, body,
 * headers) for AssertJ. {@link #rest()} gives the client itself for fluent expectations.
 * <p>
 * {@link #withCookies(int)} keeps the cookies the app sets (like a browser on one origin: the session and the
 * XSRF-TOKEN cookie our CSRF protection reads), and sends them back with every call to the app.
 */
public final class TestApi {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	private final RestTestClient client;

	private final @Nullable Map<String, String> cookies;

	private TestApi(int port, boolean keepCookies) {
		this.base = "http://127.0.0.1:" + port;
		this.cookies = keepCookies ? new LinkedHashMap<>() : null;
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(Duration.ofSeconds(30));
		RestTestClient.Builder<?> builder = RestTestClient.bindToServer(requests).baseUrl(this.base);
		if (this.cookies != null) {
			builder.requestInterceptor(cookieJar(this.base, this.cookies));
		}
		this.client = builder.build();
	}

	/** The app listening on {@code port}, without cookies. */
	public static TestApi on(int port) {
		return new TestApi(port, false);
	}

	/** The app of a context started with a random port, without cookies. */
	public static TestApi on(ConfigurableApplicationContext context) {
		return on(Integer.parseInt(
				Objects.requireNonNull(context.getEnvironment().getProperty("local.server.port"), "no web server")));
	}

	/** The app listening on {@code port}, keeping the cookies it sets. */
	public static TestApi withCookies(int port) {
		return new TestApi(port, true);
	}

	public RestTestClient rest() {
		return this.client;
	}

	public String base() {
		return this.base;
	}

	/** A cookie the app has set (only for {@link #withCookies(int)}). */
	public Optional<String> cookie(String name) {
		return Optional.ofNullable((this.cookies != null) ? this.cookies.get(name) : null);
	}

	public Answer get(String path, String... headers) {
		return send(HttpMethod.GET, path, "", headers);
	}

	/** POSTs {@code json} (Content-Type application/json unless a header says otherwise). */
	public Answer post(String path, String json, String... headers) {
		return send(HttpMethod.POST, path, json, headers);
	}

	public Answer put(String path, String json, String... headers) {
		return send(HttpMethod.PUT, path, json, headers);
	}

	public Answer patch(String path, String json, String... headers) {
		return send(HttpMethod.PATCH, path, json, headers);
	}

	public Answer delete(String path, String... headers) {
		return send(HttpMethod.DELETE, path, "", headers);
	}

	/** {@link #send(HttpMethod, String, String, String...)} with the method by name. */
	public Answer send(String method, String pathOrUri, String body, String... headers) {
		return send(HttpMethod.valueOf(method), pathOrUri, body, headers);
	}

	/**
	 * One call: {@code pathOrUri} is a path on the app or an absolute URI; {@code headers} are name, value pairs. A
	 * non-empty body is sent as application/json unless the headers name a Content-Type.
	 */
	public Answer send(HttpMethod method, String pathOrUri, String body, String... headers) {
		if (headers.length % 2 != 0) {
			throw new IllegalArgumentException("headers come in name, value pairs");
		}
		// a URI, not a template: paths arrive encoded (cursors, "%20") and must not be encoded again
		RestTestClient.RequestBodySpec request = this.client.method(method)
			.uri(URI.create(pathOrUri.startsWith("http") ? pathOrUri : this.base + pathOrUri));
		boolean typed = false;
		for (int i = 0; i < headers.length; i += 2) {
			typed |= headers[i].equalsIgnoreCase(HttpHeaders.CONTENT_TYPE);
			request.header(headers[i], headers[i + 1]);
		}
		if (!body.isEmpty()) {
			if (!typed) {
				request.header(HttpHeaders.CONTENT_TYPE, "application/json");
			}
			request.body(body);
		}
		EntityExchangeResult<String> result = request.exchange().returnResult(String.class);
		String text = result.getResponseBody();
		return new Answer(result.getStatus().value(), (text != null) ? text : "", result.getResponseHeaders());
	}

	/** Creates a todo (asserting 201) and returns its id; {@code dueDate} and {@code status} are left out when null. */
	public String createTodo(String task, @Nullable String dueDate, @Nullable String status) {
		StringBuilder json = new StringBuilder("{\"task\":").append(JSON.writeValueAsString(task));
		if (dueDate != null) {
			json.append(",\"dueDate\":\"").append(dueDate).append('"');
		}
		if (status != null) {
			json.append(",\"status\":").append(JSON.writeValueAsString(status));
		}
		Answer created = post("/api/todos", json.append('}').toString());
		assertThat(created.status()).as("POST /api/todos: %s", created).isEqualTo(201);
		return created.json().get("todoId").stringValue();
	}

	/** Sets a todo's status (asserting 200) and returns the todo. */
	public JsonNode setStatus(String todoId, String status) {
		Answer patched = patch("/api/todos/" + todoId, "{\"status\":" + JSON.writeValueAsString(status) + "}");
		assertThat(patched.status()).as("PATCH /api/todos/%s: %s", todoId, patched).isEqualTo(200);
		return patched.json();
	}

	/** Headers for a JSON merge patch (RFC 7396), with If-Match when {@code ifMatch} is not null. */
	public static String[] mergePatch(@Nullable String ifMatch) {
		String[] type = { HttpHeaders.CONTENT_TYPE, "application/merge-patch+json" };
		return (ifMatch != null) ? new String[] { type[0], type[1], HttpHeaders.IF_MATCH, ifMatch } : type;
	}

	/** If-Match and If-None-Match headers, each only when not null. */
	public static String[] conditions(@Nullable String ifMatch, @Nullable String ifNoneMatch) {
		List<String> headers = new ArrayList<>();
		if (ifMatch != null) {
			headers.addAll(List.of(HttpHeaders.IF_MATCH, ifMatch));
		}
		if (ifNoneMatch != null) {
			headers.addAll(List.of(HttpHeaders.IF_NONE_MATCH, ifNoneMatch));
		}
		return headers.toArray(String[]::new);
	}

	/** The Authorization header for a bearer token. */
	public static String[] bearer(String token) {
		return new String[] { HttpHeaders.AUTHORIZATION, "Bearer " + token };
	}

	private static ClientHttpRequestInterceptor cookieJar(String base, Map<String, String> cookies) {
		return (request, body, execution) -> {
			if (!request.getURI().toString().startsWith(base)) {
				return execution.execute(request, body);
			}
			synchronized (cookies) {
				if (!cookies.isEmpty()) {
					request.getHeaders()
						.set(HttpHeaders.COOKIE, String.join("; ",
								cookies.entrySet().stream().map((c) -> c.getKey() + "=" + c.getValue()).toList()));
				}
			}
			var response = execution.execute(request, body);
			List<String> setCookies = response.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
			synchronized (cookies) {
				for (String setCookie : setCookies) {
					String pair = setCookie.split(";", 2)[0];
					int eq = pair.indexOf('=');
					if (eq > 0) {
						String name = pair.substring(0, eq).trim();
						String value = pair.substring(eq + 1).trim();
						if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
							cookies.remove(name);
						}
						else {
							cookies.put(name, value);
						}
					}
				}
			}
			return response;
		};
	}

	/** What the app answered. */
	public record Answer(int status, String body, HttpHeaders headers) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** Asserts the status and returns the body as JSON (a null node when empty). */
		public JsonNode expect(int status) {
			assertThat(this.status).as("%s %s", this.status, this.body).isEqualTo(status);
			return this.body.isEmpty() ? JSON.nullNode() : json();
		}

		/** The first value of a header, or "" without one. */
		public String header(String name) {
			String value = this.headers.getFirst(name);
			return (value != null) ? value : "";
		}

		public @Nullable String eTag() {
			return this.headers.getFirst(HttpHeaders.ETAG);
		}

		public @Nullable String location() {
			return this.headers.getFirst(HttpHeaders.LOCATION);
		}

		public String contentType() {
			return header(HttpHeaders.CONTENT_TYPE);
		}

		public boolean isProblem() {
			return contentType().startsWith("application/problem+json");
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
