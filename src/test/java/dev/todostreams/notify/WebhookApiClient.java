package dev.todostreams.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP to the app under test, for {@link WebhookBenchmark} only (integration tests use
 * {@link dev.todostreams.testsupport.TestApi}): the benchmark times deliveries against the moment of each request,
 * and a bare JDK client keeps RestTestClient's recording of every exchange out of what it measures.
 */
final class WebhookApiClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	WebhookApiClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	Response get(String path) {
		return send(request(path).GET());
	}

	Response post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response patch(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
	}

	Response delete(String path) {
		return send(request(path).DELETE());
	}

	/** Creates a todo and returns its id. */
	String createTodo(String status) {
		Response created = post("/api/todos", "{\"task\":\"Task\",\"dueDate\":\"2024-03-25\",\"status\":\"" + status + "\"}");
		if (created.status() != 201) {
			throw new IllegalStateException("todo not created: " + created.status() + " " + created.body());
		}
		return created.json().get("todoId").stringValue();
	}

	void setStatus(String todoId, String status) {
		Response patched = patch("/api/todos/" + todoId, "{\"status\":\"" + status + "\"}");
		if (patched.status() != 200) {
			throw new IllegalStateException("todo not patched: " + patched.status() + " " + patched.body());
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
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

	record Response(int status, String body, String contentType) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
