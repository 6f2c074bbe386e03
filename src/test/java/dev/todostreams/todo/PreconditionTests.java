package dev.todostreams.todo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreconditionTests {

	@Test
	void noHeadersMeansNoCondition() {
		assertThat(Precondition.of(null, null).kind()).isEqualTo(Precondition.Kind.NONE);
		assertThat(Precondition.of(" ", null).kind()).isEqualTo(Precondition.Kind.NONE);
	}

	@Test
	void quotedAndBareVersions() {
		assertThat(Precondition.of("\"7\"", null)).isEqualTo(new Precondition(Precondition.Kind.VERSION, 7, "\"7\""));
		assertThat(Precondition.of("7", null).version()).isEqualTo(7);
	}

	@Test
	void starMeansExistsAndIfNoneMatchStarMeansAbsent() {
		assertThat(Precondition.of("*", null).kind()).isEqualTo(Precondition.Kind.EXISTS);
		assertThat(Precondition.of(null, "*").kind()).isEqualTo(Precondition.Kind.ABSENT);
	}

	@Test
	void tagsWeNeverIssueMatchNothing() {
		assertThat(Precondition.of("\"abc\"", null).kind()).isEqualTo(Precondition.Kind.NEVER);
		assertThat(Precondition.of("\"-1\"", null).kind()).isEqualTo(Precondition.Kind.NEVER);
	}

}
