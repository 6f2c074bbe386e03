package dev.todostreams.stream.config;

import java.util.List;
import java.util.Map;

import dev.todostreams.stream.AttributeValues;
import dev.todostreams.stream.ChangeProcessor;
import dev.todostreams.stream.DeadLetter;
import dev.todostreams.stream.DeadLetterStore;
import dev.todostreams.stream.ItemChange;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists, replays and discards dead letters: {@code /api/stream/dead-letters}. */
@RestController
@ConditionalOnBooleanProperty(name = "todo.stream.enabled", matchIfMissing = true)
@RequestMapping("/api/stream/dead-letters")
class DeadLetterController {

	private final DeadLetterStore deadLetters;

	private final ChangeProcessor processor;

	DeadLetterController(DeadLetterStore deadLetters, ChangeProcessor processor) {
		this.deadLetters = deadLetters;
		this.processor = processor;
	}

	@GetMapping
	List<DeadLetterView> list(@RequestParam(defaultValue = "100") int limit) {
		return this.deadLetters.list(Math.max(1, Math.min(limit, 1000))).stream().map(DeadLetterView::of).toList();
	}

	@GetMapping("/{id}")
	ResponseEntity<?> get(@PathVariable String id) {
		return this.deadLetters.find(id)
			.<ResponseEntity<?>>map((deadLetter) -> ResponseEntity.ok(DeadLetterView.of(deadLetter)))
			.orElseGet(() -> notFound(id));
	}

	/** Runs the dead letter's handler once more; on success the dead letter is gone. */
	@PostMapping("/{id}/replay")
	ResponseEntity<?> replay(@PathVariable String id) {
		DeadLetter deadLetter = this.deadLetters.find(id).orElse(null);
		if (deadLetter == null) {
			return notFound(id);
		}
		try {
			this.processor.replay(deadLetter);
			return ResponseEntity.ok(Map.of("id", id, "replayed", true));
		}
		catch (Exception ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"Replay failed; the dead letter is kept: " + ex.getMessage());
			problem.setTitle("Replay failed");
			return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
		}
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.deadLetters.delete(id);
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<?> notFound(String id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No dead letter " + id);
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	/** JSON view; images in plain JSON (numbers as numbers, sets as arrays, binary as base64). */
	record DeadLetterView(String id, String eventId, String handlerId, String shardId, String sequenceNumber,
			String reason, @Nullable String error, int attempts, String deadLetteredAt, @Nullable String operation,
			@Nullable Boolean ttlExpired, @Nullable Map<String, Object> keys, @Nullable Map<String, Object> oldImage,
			@Nullable Map<String, Object> newImage) {

		static DeadLetterView of(DeadLetter deadLetter) {
			ItemChange change = deadLetter.change();
			return new DeadLetterView(deadLetter.id(), deadLetter.eventId(), deadLetter.handlerId(),
					deadLetter.shardId(), deadLetter.sequenceNumber(), deadLetter.reason(), deadLetter.error(),
					deadLetter.attempts(), deadLetter.deadLetteredAt().toString(),
					(change != null) ? change.operation().name() : null,
					(change != null) ? change.ttlExpired() : null,
					(change != null) ? AttributeValues.plain(change.keys()) : null,
					(change != null) ? AttributeValues.plain(change.oldImage()) : null,
					(change != null) ? AttributeValues.plain(change.newImage()) : null);
		}

	}

}
