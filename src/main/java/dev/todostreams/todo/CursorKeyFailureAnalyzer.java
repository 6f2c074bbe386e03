package dev.todostreams.todo;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a missing or bad list cursor key as "what is wrong / what to do", naming the property. */
class CursorKeyFailureAnalyzer extends AbstractFailureAnalyzer<CursorKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CursorKeyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
