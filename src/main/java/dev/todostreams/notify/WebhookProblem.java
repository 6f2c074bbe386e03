package dev.todostreams.notify;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A client mistake on the webhook API, rendered as an RFC 9457 problem. */
class WebhookProblem extends ErrorResponseException {

	private WebhookProblem(HttpStatus status, String title, String detail) {
		super(status, problem(status, title, detail), null);
	}

	static WebhookProblem invalid(String detail) {
		return new WebhookProblem(HttpStatus.BAD_REQUEST, "Invalid webhook request", detail);
	}

	static WebhookProblem refusedTarget(String detail) {
		return new WebhookProblem(HttpStatus.BAD_REQUEST, "Webhook target refused", detail);
	}

	static WebhookProblem subscriptionNotFound(String id) {
		return new WebhookProblem(HttpStatus.NOT_FOUND, "Webhook subscription not found",
				"There is no webhook subscription '" + id + "'.");
	}

	static WebhookProblem deliveryNotFound(String subscriptionId, String id) {
		return new WebhookProblem(HttpStatus.NOT_FOUND, "Webhook delivery not found",
				"Subscription '" + subscriptionId + "' has no delivery '" + id + "'.");
	}

	static WebhookProblem conflict(String detail) {
		return new WebhookProblem(HttpStatus.CONFLICT, "Webhook subscription changed or disabled", detail);
	}

	/** A 409, not a 429: waiting does not help, deleting a subscription does. */
	static WebhookProblem limitReached(int max) {
		return new WebhookProblem(HttpStatus.CONFLICT, "Webhook subscription limit reached",
				"You own " + max + " webhook subscriptions, the most allowed; delete one before adding another.");
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
