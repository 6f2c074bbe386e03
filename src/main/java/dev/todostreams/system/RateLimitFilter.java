package dev.todostreams.system;

import java.io.IOException;
import java.security.Principal;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API writes over the client's rate limits with 429, a {@code Retry-After} (seconds) and an RFC 9457
 * problem. Reads are not limited. A client is the authenticated principal (it runs after Spring Security's filter
 * chain, so the principal is known), else the remote address.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

	private static final String WEBHOOKS = "/api/webhooks";

	private final RateLimitProperties properties;

	private final ClientBuckets buckets;

	RateLimitFilter(RateLimitProperties properties) {
		this.properties = properties;
		this.buckets = new ClientBuckets(properties);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!WRITES.contains(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		ClientBuckets.Buckets client = this.buckets.of(client(request));
		ConsumptionProbe write = client.writes().tryConsumeAndReturnRemaining(1);
		if (!write.isConsumed()) {
			refuse(request, response, write, "Too many writes: at most " + describe(this.properties.writes())
					+ " per client");
			return;
		}
		if (isWebhookCreation(request)) {
			ConsumptionProbe creation = client.webhookCreation().tryConsumeAndReturnRemaining(1);
			if (!creation.isConsumed()) {
				refuse(request, response, creation, "Too many webhook subscriptions created: at most "
						+ describe(this.properties.webhookCreation()) + " per client");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/** The principal's name when authenticated, else the remote address; prefixed so that the two never collide. */
	static String client(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		if (principal != null && principal.getName() != null && !principal.getName().isEmpty()) {
			return "principal:" + principal.getName();
		}
		return "address:" + request.getRemoteAddr();
	}

	int clients() {
		return this.buckets.size();
	}

	private static boolean isWebhookCreation(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return false;
		}
		// the servlet path is decoded and normalised (no path parameters, no dot segments)
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return path.equals(WEBHOOKS) || path.equals(WEBHOOKS + "/");
	}

	private static String describe(RateLimitProperties.Limit limit) {
		return limit.refillPerMinute() + " per minute (bursts of " + limit.capacity() + ")";
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, ConsumptionProbe probe,
			String why) throws IOException {
		long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\""
					+ RequestSizeLimitFilter.jsonEscape(why + "; try again in " + seconds + " s.") + "\",\"instance\":\""
					+ RequestSizeLimitFilter.jsonEscape(request.getRequestURI()) + "\",\"retryAfterSeconds\":" + seconds
					+ "}");
	}

}
