package dev.todostreams.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a failed table check as a plain "what is wrong / what to do" instead of a stack trace. */
class TableSetupFailureAnalyzer extends AbstractFailureAnalyzer<TableSetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TableSetupException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Create the tables from the template in infra/aws/ (or run the commands above), or start with the "
						+ "default profile (embedded DynamoDB) or the 'localstack' profile, which create their tables.",
				cause);
	}

}
