package dev.todostreams.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose {@code Content-Type} is a wildcard ({@code *}{@code /*}, {@code application/*}) with a 415
 * problem. A wildcard cannot describe a body (RFC 9110 8.3), and Spring's request-header view refuses it with an
 * IllegalArgumentException wherever a body is read, which would otherwise surface as a 500 for every endpoint
 * that does not declare {@code consumes}.
 */
class RequestContentTypeFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && isWildcard(contentType)) {
			response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter()
				.write("{\"type\":\"about:blank\",\"title\":\"Unsupported Media Type\",\"status\":415,\"detail\":"
						+ "\"Content-Type must name one media type such as application/json, not a wildcard\","
						+ "\"instance\":\"" + RequestSizeLimitFilter.jsonEscape(request.getRequestURI()) + "\"}");
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isWildcard(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false; // not parseable at all: Spring MVC already answers 415 for that
		}
	}

}
