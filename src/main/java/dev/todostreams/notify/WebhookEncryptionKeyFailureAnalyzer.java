package dev.todostreams.notify;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a missing or bad webhook encryption key as "what is wrong / what to do" instead of a stack trace. */
class WebhookEncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<WebhookEncryptionKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WebhookEncryptionKeyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
