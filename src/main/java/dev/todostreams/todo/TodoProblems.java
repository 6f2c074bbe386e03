package dev.todostreams.todo;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The todo API's client errors, each an RFC 9457 problem that Spring MVC renders as {@code application/problem+json}.
 */
final class TodoProblems {

	private TodoProblems() {
	}

	static ErrorResponseException notFound(String id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"There is no todo with id '" + id + "'.");
		problem.setTitle("Todo not found");
		problem.setProperty("todoId", id);
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	static ErrorResponseException versionMismatch(String id, String ifMatch, long currentVersion) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
				("Todo '%s' is at version %d, not %s: someone changed it since you read it. Get it again, re-apply "
						+ "your change and send it with If-Match: \"%d\".")
					.formatted(id, currentVersion, ifMatch, currentVersion));
		problem.setTitle("Version conflict");
		problem.setProperty("todoId", id);
		problem.setProperty("currentVersion", currentVersion);
		return new ErrorResponseException(HttpStatus.PRECONDITION_FAILED, problem, null);
	}

	static ErrorResponseException preconditionFailed(String id, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, detail);
		problem.setTitle("Precondition failed");
		problem.setProperty("todoId", id);
		return new ErrorResponseException(HttpStatus.PRECONDITION_FAILED, problem, null);
	}

	static ErrorResponseException unknownStatus(String status, List<String> allowed) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Unknown status '%s'. Allowed statuses: %s.".formatted(status,
						String.join(", ", allowed.stream().map((s) -> "'" + s + "'").toList())));
		problem.setTitle("Unknown status");
		problem.setProperty("allowedStatuses", allowed);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException invalid(String field, String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + message);
		problem.setTitle("Invalid todo");
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException badRequest(String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle(title);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException invalidCursor() {
		return badRequest("Invalid cursor",
				"The cursor is not one this API handed out (or it belongs to another status filter). Start again "
						+ "without a cursor.");
	}

	/**
	 * The cursor was signed with a key this instance does not accept (rotated out, another deployment's, or the
	 * format before key ids). Not the client's fault: {@code restartListing: true} tells it to list again from the
	 * first page, which the board does once on its own.
	 */
	static ErrorResponseException cursorNoLongerValid() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The cursor was signed with a key this service no longer accepts (its cursor keys were rotated). "
						+ "Start the listing again without a cursor.");
		problem.setTitle("Cursor no longer valid");
		problem.setProperty("restartListing", true);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

}
