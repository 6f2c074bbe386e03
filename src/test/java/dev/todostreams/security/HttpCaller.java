package dev.todostreams.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP to the app under test; keeps the cookies it is given (like a browser on one origin), no redirects. */
final class HttpCaller {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	HttpCaller(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	String base() {
		return this.base;
	}

	Optional<String> cookie(String name) {
		return Optional.ofNullable(this.cookies.get(name));
	}

	Answer send(String method, String pathOrUri, String body, String... headers) {
		String target = pathOrUri.startsWith("http") ? pathOrUri : this.base + pathOrUri;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
			.timeout(Duration.ofSeconds(30))
			.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body));
		boolean typed = false;
		for (int i = 0; i < headers.length; i += 2) {
			typed |= headers[i].equalsIgnoreCase("Content-Type");
		}
		if (!body.isEmpty() && !typed) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		if (target.startsWith(this.base) && !this.cookies.isEmpty()) {
			request.header("Cookie", String.join("; ",
					this.cookies.entrySet().stream().map((c) -> c.getKey() + "=" + c.getValue()).toList()));
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (target.startsWith(this.base)) {
				keepCookies(response.headers().allValues("Set-Cookie"));
			}
			return new Answer(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	Answer get(String path, String... headers) {
		return send("GET", path, "", headers);
	}

	Answer post(String path, String body, String... headers) {
		return send("POST", path, body, headers);
	}

	/** Headers for a bearer token. */
	static String[] bearer(String token) {
		return new String[] { "Authorization", "Bearer " + token };
	}

	private void keepCookies(List<String> setCookies) {
		for (String setCookie : setCookies) {
			String pair = setCookie.split(";", 2)[0];
			int eq = pair.indexOf('=');
			if (eq > 0) {
				String name = pair.substring(0, eq).trim();
				String value = pair.substring(eq + 1).trim();
				if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
					this.cookies.remove(name);
				}
				else {
					this.cookies.put(name, value);
				}
			}
		}
	}

	record Answer(int status, String body, Map<String, List<String>> headers) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse("");
		}

		boolean isProblem() {
			return header("Content-Type").startsWith("application/problem+json");
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
