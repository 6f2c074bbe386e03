package dev.todostreams.stream;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.todostreams.stream.Av.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageDiffTests {

	private static final Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> TODO = item(
			"TodoID", s("T1001"), "Task", s("Write report"), "Status", s("In Progress"), "Version", n("3"));

	@Test
	void identicalImagesHaveNoDifference() {
		ImageDiff diff = ImageDiff.between(TODO, Map.copyOf(TODO));
		assertThat(diff.isEmpty()).isTrue();
		assertThat(diff.paths()).isEmpty();
		assertThat(diff.attributeNames()).isEmpty();
	}

	@Test
	void twoMissingImagesHaveNoDifference() {
		assertThat(ImageDiff.between(null, null).isEmpty()).isTrue();
	}

	@Test
	void creationAddsEveryAttribute() {
		ImageDiff diff = ImageDiff.between(null, TODO);
		assertThat(diff.added()).containsExactlyInAnyOrderEntriesOf(TODO);
		assertThat(diff.removed()).isEmpty();
		assertThat(diff.changed()).isEmpty();
	}

	@Test
	void deletionRemovesEveryAttributeWithItsOldValue() {
		ImageDiff diff = ImageDiff.between(TODO, null);
		assertThat(diff.removed()).containsExactlyInAnyOrderEntriesOf(TODO);
		assertThat(diff.added()).isEmpty();
	}

	@Test
	void statusChangeIsReportedWithOldAndNewValue() {
		Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> after = item("TodoID", s("T1001"),
				"Task", s("Write report"), "Status", s("completed"), "Version", n("4"));
		ImageDiff diff = ImageDiff.between(TODO, after);
		assertThat(diff.changed()).containsOnlyKeys("Status", "Version");
		assertThat(diff.changed().get("Status")).isEqualTo(new ImageDiff.Change(s("In Progress"), s("completed")));
		assertThat(diff.touches("Status")).isTrue();
		assertThat(diff.touches("Task")).isFalse();
		assertThat(diff.attributeNames()).containsExactly("Status", "Version");
	}

	@Test
	void addedAndRemovedAttributesAreSeparated() {
		ImageDiff diff = ImageDiff.between(item("a", s("1"), "b", s("2")), item("b", s("2"), "c", s("3")));
		assertThat(diff.added()).containsOnlyKeys("c");
		assertThat(diff.removed()).containsOnlyKeys("a");
		assertThat(diff.removed().get("a")).isEqualTo(s("1"));
		assertThat(diff.changed()).isEmpty();
		assertThat(diff.paths()).containsExactly("a", "c");
	}

	@Test
	void numbersAreComparedByValue() {
		assertThat(ImageDiff.between(item("p", n("1.50")), item("p", n("1.5"))).isEmpty()).isTrue();
		assertThat(ImageDiff.between(item("p", n("1.50")), item("p", n("1.51"))).changed()).containsOnlyKeys("p");
	}

	@Test
	void setsAreUnordered() {
		assertThat(ImageDiff.between(item("tags", ss("a", "b")), item("tags", ss("b", "a"))).isEmpty()).isTrue();
		assertThat(ImageDiff.between(item("ns", ns("1", "2.0")), item("ns", ns("2", "1.00"))).isEmpty()).isTrue();
		assertThat(ImageDiff.between(item("tags", ss("a")), item("tags", ss("a", "b"))).changed())
			.containsOnlyKeys("tags");
	}

	@Test
	void typeChangeOfAnAttributeIsAChange() {
		ImageDiff diff = ImageDiff.between(item("Status", s("1")), item("Status", n("1")));
		assertThat(diff.changed().get("Status")).isEqualTo(new ImageDiff.Change(s("1"), n("1")));
	}

	@Test
	void nestedMapChangesAreReportedAtTheirPath() {
		ImageDiff diff = ImageDiff.between(
				item("owner", m("name", s("Ann"), "address", m("city", s("Oslo"), "zip", s("0150")))),
				item("owner", m("name", s("Ann"), "address", m("city", s("Bergen"), "zip", s("0150")))));
		assertThat(diff.changed()).containsOnlyKeys("owner");
		assertThat(diff.paths()).containsExactly("owner.address.city");
	}

	@Test
	void keysAddedOrRemovedInsideNestedMapsAreReported() {
		ImageDiff diff = ImageDiff.between(item("m", m("a", s("1"), "b", s("2"))),
				item("m", m("b", s("2"), "c", s("3"))));
		assertThat(diff.paths()).containsExactly("m.a", "m.c");
	}

	@Test
	void nestedNumbersAndSetsUseTheSameEquality() {
		assertThat(ImageDiff.between(item("m", m("x", n("2.0"), "s", ss("p", "q"))),
				item("m", m("s", ss("q", "p"), "x", n("2")))).isEmpty()).isTrue();
	}

	@Test
	void listElementChangesAreReportedByIndex() {
		ImageDiff diff = ImageDiff.between(item("steps", l(s("a"), s("b"), s("c"))),
				item("steps", l(s("a"), s("B"), s("c"), s("d"))));
		assertThat(diff.paths()).containsExactly("steps[1]", "steps[3]");
	}

	@Test
	void reorderedListIsAChange() {
		ImageDiff diff = ImageDiff.between(item("l", l(s("a"), s("b"))), item("l", l(s("b"), s("a"))));
		assertThat(diff.paths()).containsExactly("l[0]", "l[1]");
	}

	@Test
	void mapsInsideListsAreDiffedDeeply() {
		ImageDiff diff = ImageDiff.between(item("l", l(m("k", s("v"), "n", n("1")))),
				item("l", l(m("k", s("w"), "n", n("1.0")))));
		assertThat(diff.paths()).containsExactly("l[0].k");
	}

	@Test
	void listReplacedByMapIsReportedAtTheAttribute() {
		ImageDiff diff = ImageDiff.between(item("x", l(s("a"))), item("x", m("a", s("a"))));
		assertThat(diff.paths()).containsExactly("x");
	}

	@Test
	void isPureAndDoesNotAliasItsInputs() {
		Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> before = item("a", s("1"));
		Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> after = item("a", s("2"));
		ImageDiff first = ImageDiff.between(before, after);
		after.put("b", s("3"));
		assertThat(first.added()).isEmpty();
		assertThat(ImageDiff.between(before, item("a", s("2")))).isEqualTo(first);
		assertThatThrownBy(() -> first.changed().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

}
