package dev.todostreams.todo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of {@link RestApiBenchmark} only (integration tests use
 * {@link dev.todostreams.testsupport.TestApi}): the benchmark times requests from many threads, and a bare JDK
 * client on one connection pool keeps RestTestClient's recording of every exchange (request and response bodies kept
 * for diagnostics) out of the latencies it measures.
 */
final class ApiClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final String base;

	ApiClient(int port) {
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.base = "http://127.0.0.1:" + port;
	}

	Response get(String path) {
		return send(request(path).GET().build());
	}

	Response post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	Response put(String path, String json, @Nullable String ifMatch, @Nullable String ifNoneMatch) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json));
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return send(request.build());
	}

	Response patch(String path, String json, @Nullable String ifMatch) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/merge-patch+json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json));
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		return send(request.build());
	}

	Response delete(String path, @Nullable String ifMatch) {
		HttpRequest.Builder request = request(path).DELETE();
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		return send(request.build());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("ETag").orElse(null),
					response.headers().firstValue("Location").orElse(null),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String body, @Nullable String eTag, @Nullable String location, String contentType) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
