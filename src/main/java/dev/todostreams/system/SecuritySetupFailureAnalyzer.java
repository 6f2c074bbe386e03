package dev.todostreams.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused security configuration as "what is wrong / what to do", naming the property. */
class SecuritySetupFailureAnalyzer extends AbstractFailureAnalyzer<SecuritySetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SecuritySetupException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
