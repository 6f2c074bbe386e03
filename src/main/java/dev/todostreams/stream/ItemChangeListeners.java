package dev.todostreams.stream;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners changes are dispatched to, in registration order. Ids are unique. */
public final class ItemChangeListeners {

	private final List<ItemChangeListener> listeners = new CopyOnWriteArrayList<>();

	public ItemChangeListeners() {
	}

	public ItemChangeListeners(List<? extends ItemChangeListener> listeners) {
		listeners.forEach(this::register);
	}

	public synchronized void register(ItemChangeListener listener) {
		if (find(listener.id()).isPresent()) {
			throw new IllegalStateException("two item change listeners share the id '" + listener.id() + "'");
		}
		this.listeners.add(listener);
	}

	public List<ItemChangeListener> all() {
		return List.copyOf(this.listeners);
	}

	public Optional<ItemChangeListener> find(String id) {
		return this.listeners.stream().filter((listener) -> listener.id().equals(id)).findFirst();
	}

}
