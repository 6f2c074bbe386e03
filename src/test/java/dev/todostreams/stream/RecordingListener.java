package dev.todostreams.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener for tests: records every change it is handed, in order, and its event id. */
public class RecordingListener implements ItemChangeListener {

	private final String id;

	public final List<ItemChange> changes = new CopyOnWriteArrayList<>();

	public final List<String> eventIds = new CopyOnWriteArrayList<>();

	public RecordingListener(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public void onChange(ItemChange change) {
		this.changes.add(change);
		this.eventIds.add(change.eventId());
	}

}
