package dev.todostreams.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's refusals as RFC 9457 problems: 401 (with the bearer challenge), 403, and requests the firewall
 * rejects (a foreign {@code Host}, a malformed path) as 400. Written directly, not through the error page: these
 * answers come from filters, before and outside Spring MVC.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final SecurityMode mode;

	SecurityProblems(SecurityMode mode) {
		this.mode = mode;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		// sets 401 and WWW-Authenticate: Bearer (with error="invalid_token" for a bad token); no body
		this.bearer.commence(request, response, exception);
		write(request, response, HttpStatus.UNAUTHORIZED, "Authentication required",
				"Send a bearer token (Authorization: Bearer <JWT from the configured issuer>) or sign in.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		if (exception instanceof CsrfException) {
			String detail = (this.mode == SecurityMode.LOCAL)
					? "A state-changing request from another site (its Origin or Sec-Fetch-Site header) is refused."
					: "The CSRF token is missing or wrong: send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header, "
							+ "or call the API with a bearer token.";
			write(request, response, HttpStatus.FORBIDDEN, "Cross-site request refused", detail);
			return;
		}
		write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
				"Your token or sign-in does not grant the authority this request needs.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException exception)
			throws IOException {
		write(request, response, HttpStatus.BAD_REQUEST, "Request rejected",
				"The request was refused before it reached the API (for example, a Host that is not this machine's "
						+ "loopback name or address in the default mode, or a malformed path).");
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String title, String detail) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(JSON.writeValueAsString(problem));
		response.getWriter().flush();
	}

}
