package dev.todostreams.stream;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A dead-letter store in one JVM's memory, for tests and single-instance demos. */
public final class InMemoryDeadLetterStore implements DeadLetterStore {

	private final Map<String, DeadLetter> deadLetters = new ConcurrentHashMap<>();

	@Override
	public void put(DeadLetter deadLetter) {
		this.deadLetters.put(deadLetter.id(), deadLetter);
	}

	@Override
	public List<DeadLetter> list(int limit) {
		return this.deadLetters.values().stream().sorted(Comparator.comparing(DeadLetter::deadLetteredAt)).limit(limit)
			.toList();
	}

	@Override
	public Optional<DeadLetter> find(String id) {
		return Optional.ofNullable(this.deadLetters.get(id));
	}

	@Override
	public void delete(String id) {
		this.deadLetters.remove(id);
	}

}
