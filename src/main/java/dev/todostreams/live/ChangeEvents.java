package dev.todostreams.live;

import java.util.Map;

import dev.todostreams.stream.ItemChange;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads a todo's stream images into a {@link ChangeEvent}. */
final class ChangeEvents {

	static final String ID = "TodoID";

	static final String TASK = "Task";

	static final String DUE_DATE = "DueDate";

	static final String STATUS = "Status";

	static final String VERSION = "Version";

	private ChangeEvents() {
	}

	/** The change as the feed shows it, or null when the item is no todo. */
	static @Nullable ChangeEvent from(ItemChange change) {
		Map<String, AttributeValue> latest = change.latestImage();
		String todoId = string(change.keys(), ID);
		if (todoId == null) {
			todoId = string(latest, ID);
		}
		if (todoId == null) {
			return null;
		}
		String from = (change.oldImage() != null) ? string(change.oldImage(), STATUS) : null;
		String to = (change.newImage() != null) ? string(change.newImage(), STATUS) : null;
		return new ChangeEvent(null, todoId, change.operation().name(), from, to, string(latest, TASK),
				string(latest, DUE_DATE), number(latest, VERSION), change.ttlExpired() ? Boolean.TRUE : null,
				change.eventId(), change.approximateCreationTime(), null);
	}

	private static @Nullable String string(Map<String, AttributeValue> image, String name) {
		AttributeValue value = image.get(name);
		return (value != null) ? value.s() : null;
	}

	private static @Nullable Long number(Map<String, AttributeValue> image, String name) {
		AttributeValue value = image.get(name);
		if (value == null || value.n() == null) {
			return null;
		}
		try {
			return Long.valueOf(value.n());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
