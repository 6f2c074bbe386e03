package dev.todostreams.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Sends one signed webhook POST: no redirects followed, a per-request timeout, and at most
 * {@code maxResponseBody} bytes of the answer read.
 */
public class WebhookSender {

	private final HttpClient http;

	private final Duration timeout;

	private final int maxResponseBody;

	public WebhookSender(Duration timeout, int maxResponseBody) {
		this.http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(timeout)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		this.timeout = timeout;
		this.maxResponseBody = maxResponseBody;
	}

	public Result send(URI url, String webhookId, long timestamp, String signature, String body) {
		HttpRequest request = HttpRequest.newBuilder(url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "todo-streams-webhooks")
			.header("webhook-id", webhookId)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build();
		long started = System.nanoTime();
		try {
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			String responseBody;
			try (InputStream in = response.body()) {
				responseBody = new String(in.readNBytes(this.maxResponseBody), StandardCharsets.UTF_8);
			}
			return new Result(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
					responseBody, null, elapsed(started));
		}
		catch (HttpTimeoutException ex) {
			return new Result(null, null, null, "timed out after " + this.timeout.toMillis() + " ms", elapsed(started));
		}
		catch (IOException ex) {
			return new Result(null, null, null, describe(ex), elapsed(started));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(null, null, null, "interrupted", elapsed(started));
		}
	}

	private static long elapsed(long started) {
		return Duration.ofNanos(System.nanoTime() - started).toMillis();
	}

	private static String describe(IOException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		String name = cause.getClass().getSimpleName();
		return (cause.getMessage() != null) ? name + ": " + cause.getMessage() : name;
	}

	/**
	 * @param statusCode the response status, or null when there was none
	 * @param retryAfter the Retry-After header
	 * @param body the start of the response body
	 * @param error why there was no response
	 * @param latencyMillis time taken
	 */
	public record Result(@Nullable Integer statusCode, @Nullable String retryAfter, @Nullable String body,
			@Nullable String error, long latencyMillis) {
	}

}
