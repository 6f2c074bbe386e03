package dev.todostreams.system;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import lombok.extern.slf4j.Slf4j;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import software.amazon.awssdk.core.exception.SdkException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every error into an RFC 9457 problem ({@code application/problem+json}). Client mistakes get a 4xx with a
 * detail that says what to change; nothing ever shows a stack trace or an internal class name.
 */
@Slf4j
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = findCause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					tooLarge.getMessage());
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex));
		problem.setTitle("Unreadable request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Map<String, String> errors = new LinkedHashMap<>();
		ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.sorted(Comparator.comparing(FieldError::getField))
			.forEach((error) -> errors.putIfAbsent(error.getField(),
					(error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid"));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				errors.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + " " + entry.getValue())
					.collect(Collectors.joining("; ")));
		problem.setTitle("Invalid todo");
		problem.setProperty("errors", errors.entrySet()
			.stream()
			.map((entry) -> Map.of("field", entry.getKey(), "message", entry.getValue()))
			.toList());
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/** Tomcat refuses a query or form parameter it cannot decode (bad %-escape, invalid UTF-8) when it is read. */
	@ExceptionHandler(InvalidParameterException.class)
	ProblemDetail undecodableParameter(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"A query parameter is not correctly percent-encoded UTF-8.");
		problem.setTitle("Bad request parameter");
		return problem;
	}

	@ExceptionHandler(SdkException.class)
	ProblemDetail storageUnavailable(SdkException ex) {
		log.error("DynamoDB call failed", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The todo store is not available right now; try again later.");
		problem.setTitle("Storage unavailable");
		return problem;
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side.");
		problem.setTitle("Internal error");
		return problem;
	}

	private static String describe(HttpMessageNotReadableException ex) {
		MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
		if (mismatch != null) {
			String field = path(mismatch);
			Class<?> target = mismatch.getTargetType();
			String expected;
			if (target == null) {
				expected = "has a value of the wrong type";
			}
			else if (LocalDate.class.equals(target)) {
				expected = "must be a date in ISO format, e.g. 2024-03-25";
			}
			else if (CharSequence.class.isAssignableFrom(target)) {
				expected = "must be a string";
			}
			else if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
				expected = "must be a number";
			}
			else {
				expected = "must be a JSON object";
			}
			return field.isEmpty() ? "The request body " + expected : "'" + field + "' " + expected;
		}
		if (findCause(ex, StreamReadException.class) != null) {
			return "The request body is not well-formed JSON.";
		}
		JacksonException jackson = findCause(ex, JacksonException.class);
		if (jackson != null && !path(jackson).isEmpty()) {
			return "'" + path(jackson) + "' has an invalid value.";
		}
		return "The request body is missing or cannot be read as JSON.";
	}

	private static String path(JacksonException ex) {
		List<JacksonException.Reference> path = ex.getPath();
		return path.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."));
	}

	private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
		Throwable current = ex;
		int depth = 0;
		while (current != null && depth++ < 20) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

}
