package dev.todostreams.system;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The requests that need a CSRF token in the default mode: state-changing requests a browser sent from another
 * origin. A browser names the page's origin in {@code Origin} on every cross-origin and every non-GET request, and
 * modern ones say {@code Sec-Fetch-Site}; a page on another site (or another port of localhost) cannot leave them out.
 * Non-browser clients (curl, the benchmarks) send neither and need no token; same-origin pages (the UI) pass too.
 * Origins listed in {@code todo.web.cors-allowed-origins} count as this site's own.
 */
final class CrossSiteRequestMatcher implements RequestMatcher {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final List<String> trustedOrigins;

	CrossSiteRequestMatcher(List<String> trustedOrigins) {
		this.trustedOrigins = trustedOrigins.stream().map(CrossSiteRequestMatcher::normalize).toList();
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
			return false;
		}
		String fetchSite = request.getHeader("Sec-Fetch-Site");
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null) {
			String normalized = normalize(origin);
			if (this.trustedOrigins.contains(normalized)) {
				return false;
			}
			if (!normalized.equals(ownOrigin(request))) {
				return true;
			}
		}
		// same-site is still another origin (another port of localhost, a sibling subdomain)
		return fetchSite != null && (fetchSite.equalsIgnoreCase("cross-site") || fetchSite.equalsIgnoreCase("same-site"));
	}

	private static String ownOrigin(HttpServletRequest request) {
		String host = request.getHeader(HttpHeaders.HOST);
		return normalize(request.getScheme() + "://" + ((host != null) ? host : request.getServerName()));
	}

	/** {@code scheme://host[:port]} in lower case, the default port left out; {@code "null"} stays as it is. */
	static String normalize(@Nullable String origin) {
		if (origin == null) {
			return "";
		}
		try {
			URI uri = URI.create(origin.trim());
			if (uri.getScheme() == null || uri.getHost() == null) {
				return origin.trim().toLowerCase(Locale.ROOT);
			}
			String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
			int port = uri.getPort();
			boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
					|| (scheme.equals("https") && port == 443);
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
		}
		catch (IllegalArgumentException ex) {
			return origin.trim().toLowerCase(Locale.ROOT);
		}
	}

}
