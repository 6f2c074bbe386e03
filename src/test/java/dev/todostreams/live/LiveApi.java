package dev.todostreams.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The todo API over real HTTP, for {@link ChangeLogBenchmark} only (integration tests use
 * {@link dev.todostreams.testsupport.TestApi}): the benchmark writes from many threads while it times the feed, and a
 * bare JDK client keeps RestTestClient's recording of every exchange out of what it measures.
 */
final class LiveApi {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	LiveApi(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	String createTodo(String task, @Nullable String dueDate) {
		String body = (dueDate != null) ? "{\"task\":\"%s\",\"dueDate\":\"%s\"}".formatted(task, dueDate)
				: "{\"task\":\"%s\"}".formatted(task);
		JsonNode created = send("POST", "/api/todos", body, null, 201);
		return created.get("todoId").stringValue();
	}

	JsonNode setStatus(String todoId, String status) {
		return send("PATCH", "/api/todos/" + todoId, "{\"status\":\"" + status + "\"}", null, 200);
	}

	private JsonNode send(String method, String path, @Nullable String json, @Nullable String ifMatch,
			int expectedStatus) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
			return response.body().isEmpty() ? SseClient.JSON.nullNode() : SseClient.JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
