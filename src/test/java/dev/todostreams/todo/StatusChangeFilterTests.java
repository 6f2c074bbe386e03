package dev.todostreams.todo;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusChangeFilterTests {

	@Test
	void exactTransitionMatchesOnlyItself() {
		StatusChangeFilter filter = new StatusChangeFilter(Set.of("In Progress"), Set.of("completed"));
		assertThat(filter.matches("In Progress", "completed")).isTrue();
		assertThat(filter.matches("Not Started", "completed")).isFalse();
		assertThat(filter.matches("In Progress", "Not Started")).isFalse();
		assertThat(filter.matches(null, "completed")).isFalse();
	}

	@Test
	void statusesAreCaseSensitive() {
		assertThat(new StatusChangeFilter(Set.of("In Progress"), Set.of("completed")).matches("In Progress",
				"Completed"))
			.isFalse();
	}

	@Test
	void listsMatchAnyOfTheirStatuses() {
		StatusChangeFilter filter = new StatusChangeFilter(Set.of("Not Started", "In Progress"), Set.of("completed"));
		assertThat(filter.matches("Not Started", "completed")).isTrue();
		assertThat(filter.matches("In Progress", "completed")).isTrue();
		assertThat(filter.matches("completed", "completed")).isFalse();
	}

	@Test
	void wildcardMatchesEveryStatusAndNone() {
		StatusChangeFilter filter = new StatusChangeFilter(Set.of(OnStatusChange.ANY), Set.of("completed"));
		assertThat(filter.matches("In Progress", "completed")).isTrue();
		assertThat(filter.matches(null, "completed")).isTrue();
		assertThat(filter.matches("In Progress", null)).isFalse();
	}

	@Test
	void noneMatchesOnlyAnAbsentStatus() {
		StatusChangeFilter creation = new StatusChangeFilter(Set.of(OnStatusChange.NONE), Set.of(OnStatusChange.ANY));
		assertThat(creation.matches(null, "Not Started")).isTrue();
		assertThat(creation.matches("Not Started", "completed")).isFalse();
		StatusChangeFilter deletion = new StatusChangeFilter(Set.of(OnStatusChange.ANY), Set.of(OnStatusChange.NONE));
		assertThat(deletion.matches("completed", null)).isTrue();
		assertThat(deletion.matches("completed", "In Progress")).isFalse();
	}

	@Test
	void emptyListsAreRejected() {
		assertThatThrownBy(() -> new StatusChangeFilter(Set.of(), Set.of("x")))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
