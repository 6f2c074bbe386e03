package dev.todostreams.stream;

import java.util.List;
import java.util.Optional;

/** Where changes go that handlers could not process. Writing the same id twice keeps one entry. */
public interface DeadLetterStore {

	void put(DeadLetter deadLetter);

	/** Up to {@code limit} dead letters, oldest first where the store can tell. */
	List<DeadLetter> list(int limit);

	Optional<DeadLetter> find(String id);

	void delete(String id);

}
