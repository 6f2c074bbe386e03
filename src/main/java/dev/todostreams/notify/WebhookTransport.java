package dev.todostreams.notify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The webhook HTTP clients (Apache HttpClient 5): every connection is opened to an address the {@link TargetGuard}
 * chose ({@link GuardedDnsResolver}); no proxy, redirects, automatic retries, cookies, authentication or
 * compression. {@link #pooled()} keeps connections alive; {@link #fresh()} opens a new connection for every request
 * and is used only to resend a request whose reused connection turned out to be closed.
 */
final class WebhookTransport implements AutoCloseable {

	/** Context attribute set when a request failed on a reused connection before any byte of an answer. */
	private static final String UNANSWERED_ON_REUSE = WebhookTransport.class.getName() + ".unansweredOnReuse";

	/** A connection idle this long is checked for a close by the receiver before it is reused. */
	static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

	/** Idle connections are closed after about this long, before receivers' usual 5 s idle timeout. */
	static final TimeValue MAX_IDLE = TimeValue.ofSeconds(4);

	/** No connection is used longer: a receiver's new DNS answer is followed, and checked, within this time. */
	static final TimeValue TIME_TO_LIVE = TimeValue.ofMinutes(1);

	private final CloseableHttpClient pooled;

	private final CloseableHttpClient fresh;

	WebhookTransport(TargetGuard guard, Duration timeout, int maxConnections) {
		this.pooled = client(guard, timeout, maxConnections, true);
		this.fresh = client(guard, timeout, maxConnections, false);
	}

	CloseableHttpClient pooled() {
		return this.pooled;
	}

	CloseableHttpClient fresh() {
		return this.fresh;
	}

	/**
	 * Whether the exchange run with this context failed on a connection that had carried earlier requests, before
	 * a single byte of an answer arrived, and not by a timeout: the receiver had closed the idle connection, so the
	 * request was not processed by it, except in the rare case that it closed while processing (at least once).
	 */
	static boolean unansweredOnReusedConnection(HttpContext context) {
		return Boolean.TRUE.equals(context.getAttribute(UNANSWERED_ON_REUSE));
	}

	@Override
	public void close() {
		this.pooled.close(CloseMode.IMMEDIATE);
		this.fresh.close(CloseMode.IMMEDIATE);
	}

	private static CloseableHttpClient client(TargetGuard guard, Duration timeout, int maxConnections,
			boolean keepAlive) {
		Timeout limit = Timeout.of(timeout);
		ConnectionConfig connection = ConnectionConfig.custom()
			.setConnectTimeout(limit)
			.setSocketTimeout(limit)
			.setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
			.setTimeToLive(TIME_TO_LIVE)
			.build();
		RequestConfig request = RequestConfig.custom()
			.setConnectionRequestTimeout(limit)
			.setResponseTimeout(limit)
			.setRedirectsEnabled(false)
			.setAuthenticationEnabled(false)
			.setContentCompressionEnabled(false)
			.setProtocolUpgradeEnabled(false)
			.build();
		HttpClientBuilder builder = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new GuardedDnsResolver(guard))
				.setMaxConnTotal(maxConnections)
				.setMaxConnPerRoute(maxConnections)
				.setDefaultConnectionConfig(connection)
				.setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(limit).build())
				.build())
			.setRequestExecutor(new ReuseAwareRequestExecutor())
			.setDefaultRequestConfig(request)
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression();
		if (keepAlive) {
			builder.evictExpiredConnections().evictIdleConnections(MAX_IDLE);
		}
		else {
			builder.setConnectionReuseStrategy((req, response, context) -> false);
		}
		return builder.build();
	}

	/**
	 * Notes in the context when a request fails on a connection that carried earlier requests and no byte came
	 * back on it for this one (the connection's own counters, taken before and after).
	 */
	private static final class ReuseAwareRequestExecutor extends HttpRequestExecutor {

		@Override
		public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection connection,
				HttpResponseInformationCallback informationCallback, HttpContext context)
				throws IOException, HttpException {
			EndpointDetails endpoint = connection.getEndpointDetails();
			long earlierRequests = (endpoint != null) ? endpoint.getRequestCount() : 0;
			long receivedBefore = (endpoint != null) ? endpoint.getReceivedBytesCount() : 0;
			try {
				return super.execute(request, connection, informationCallback, context);
			}
			catch (IOException ex) {
				if (endpoint != null && earlierRequests > 0 && !(ex instanceof InterruptedIOException)
						&& endpoint.getReceivedBytesCount() == receivedBefore) {
					context.setAttribute(UNANSWERED_ON_REUSE, Boolean.TRUE);
				}
				throw ex;
			}
		}

	}

}
