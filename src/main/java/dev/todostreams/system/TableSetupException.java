package dev.todostreams.system;

import java.util.List;

/**
 * The DynamoDB tables do not fit what the app needs ({@code aws} mode creates nothing). The message lists every
 * problem with the command that fixes it.
 */
public class TableSetupException extends RuntimeException {

	private final List<String> problems;

	public TableSetupException(List<String> problems) {
		super("The DynamoDB tables are not set up the way todo-streams needs them:" + System.lineSeparator() + "  - "
				+ String.join(System.lineSeparator() + "  - ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
