package dev.todostreams.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.jspecify.annotations.Nullable;

/**
 * Sends one signed webhook POST over {@link WebhookTransport}'s clients: no redirects followed, at most
 * {@code timeout} for the whole exchange, at most {@code maxResponseBody} bytes of the answer read. A request that
 * failed on a reused keep-alive connection before any byte of an answer came (the receiver had closed it) is sent
 * again at once on a new connection, as part of the same attempt; nothing else is resent here.
 */
public class WebhookSender implements AutoCloseable {

	private final WebhookTransport transport;

	private final Duration timeout;

	private final int maxResponseBody;

	/** Cancels an exchange that overruns {@code timeout} (the client's own timeouts are per read). */
	private final ScheduledThreadPoolExecutor deadlines;

	public WebhookSender(Duration timeout, int maxResponseBody, TargetGuard guard, int maxConnections) {
		this.transport = new WebhookTransport(guard, timeout, maxConnections);
		this.timeout = timeout;
		this.maxResponseBody = maxResponseBody;
		this.deadlines = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "webhook-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		// a finished exchange's deadline leaves the queue at once instead of after the timeout
		this.deadlines.setRemoveOnCancelPolicy(true);
	}

	public Result send(URI url, String webhookId, long timestamp, String signature, String body) {
		long started = System.nanoTime();
		Exchange first = new Exchange(post(url, webhookId, timestamp, signature, body));
		try {
			return first.run(this.transport.pooled(), started, null);
		}
		catch (IOException ex) {
			if (first.request.isCancelled() || !WebhookTransport.unansweredOnReusedConnection(first.context)) {
				return failed(first, ex, started, null);
			}
			String stale = describe(ex);
			Exchange again = new Exchange(post(url, webhookId, timestamp, signature, body));
			try {
				return again.run(this.transport.fresh(), started, stale);
			}
			catch (IOException ex2) {
				return failed(again, ex2, started, stale);
			}
		}
	}

	@Override
	public void close() {
		this.deadlines.shutdownNow();
		this.transport.close();
	}

	private static HttpPost post(URI url, String webhookId, long timestamp, String signature, String body) {
		HttpPost post = new HttpPost(url);
		post.setHeader("User-Agent", "todo-streams-webhooks");
		post.setHeader("webhook-id", webhookId);
		post.setHeader("webhook-timestamp", Long.toString(timestamp));
		post.setHeader("webhook-signature", signature);
		post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		return post;
	}

	private Result failed(Exchange exchange, IOException ex, long started, @Nullable String stale) {
		// the socket timeout equals the attempt's deadline, so either may end an attempt that ran out of time first
		String error = exchange.request.isCancelled() ? "timed out after " + this.timeout.toMillis() + " ms"
				: isSocketTimeout(ex) ? "timed out after " + this.timeout.toMillis() + " ms (" + describe(ex) + ")"
				: (ex instanceof RefusedAddressException) ? "refused target: " + ex.getMessage() : describe(ex);
		return new Result(null, null, null, error, elapsed(started), stale);
	}

	/** The answer is read (or abandoned) by now: a failure to release the connection changes nothing. */
	private static void closeQuietly(ClassicHttpResponse response) {
		try {
			response.close();
		}
		catch (IOException ex) {
			// the client discards the connection
		}
	}

	private static boolean isSocketTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static long elapsed(long started) {
		return Duration.ofNanos(System.nanoTime() - started).toMillis();
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		String name = cause.getClass().getSimpleName();
		return (cause.getMessage() != null) ? name + ": " + cause.getMessage() : name;
	}

	/** One request on one connection, cancelled when the attempt's time is up. */
	private final class Exchange {

		final HttpPost request;

		final HttpClientContext context = HttpClientContext.create();

		Exchange(HttpPost request) {
			this.request = request;
		}

		Result run(CloseableHttpClient client, long started, @Nullable String stale) throws IOException {
			long left = WebhookSender.this.timeout.toNanos() - (System.nanoTime() - started);
			ScheduledFuture<?> deadline = WebhookSender.this.deadlines.schedule(this.request::cancel,
					Math.max(left, 0), TimeUnit.NANOSECONDS);
			try {
				ClassicHttpResponse response = client.executeOpen(null, this.request, this.context);
				try {
					Header retryAfter = response.getFirstHeader("Retry-After");
					return new Result(response.getCode(), (retryAfter != null) ? retryAfter.getValue() : null,
							body(response.getEntity()), null, elapsed(started), stale);
				}
				finally {
					closeQuietly(response);
				}
			}
			finally {
				deadline.cancel(false);
			}
		}

		/** The start of the answer; when there is more, the connection is dropped rather than drained for reuse. */
		private String body(@Nullable HttpEntity entity) throws IOException {
			if (entity == null) {
				return "";
			}
			InputStream in = entity.getContent();
			byte[] start = in.readNBytes(WebhookSender.this.maxResponseBody);
			if (in.read() != -1) {
				this.request.cancel();
			}
			return new String(start, StandardCharsets.UTF_8);
		}

	}

	/**
	 * @param statusCode the response status, or null when there was none
	 * @param retryAfter the Retry-After header
	 * @param body the start of the response body
	 * @param error why there was no response
	 * @param latencyMillis time taken, a resend included
	 * @param staleConnection when the request was resent on a fresh connection: how the reused one failed
	 */
	public record Result(@Nullable Integer statusCode, @Nullable String retryAfter, @Nullable String body,
			@Nullable String error, long latencyMillis, @Nullable String staleConnection) {

		public Result(@Nullable Integer statusCode, @Nullable String retryAfter, @Nullable String body,
				@Nullable String error, long latencyMillis) {
			this(statusCode, retryAfter, body, error, latencyMillis, null);
		}

		/** The error as the delivery log keeps it, saying when the request was resent on a fresh connection. */
		public @Nullable String logged() {
			if (this.staleConnection == null) {
				return this.error;
			}
			String note = "resent at once on a fresh connection: the reused one failed before any answer ("
					+ this.staleConnection + ")";
			return (this.error != null) ? this.error + "; " + note : note;
		}

	}

}
