package dev.todostreams.stream.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.todostreams.stream.ChangeProcessingObserver;
import dev.todostreams.stream.ChangeProcessor;
import dev.todostreams.stream.DeadLetter;
import dev.todostreams.stream.InMemoryDeadLetterStore;
import dev.todostreams.stream.InMemoryIdempotencyStore;
import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.ItemChangeListeners;
import dev.todostreams.stream.RetryPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class DeadLetterControllerTests {

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final AtomicBoolean healthy = new AtomicBoolean(false);

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		ItemChangeListener webhook = new ItemChangeListener() {
			@Override
			public String id() {
				return "webhook";
			}

			@Override
			public void onChange(ItemChange change) {
				if (!DeadLetterControllerTests.this.healthy.get()) {
					throw new IllegalStateException("receiver down");
				}
			}
		};
		ChangeProcessor processor = new ChangeProcessor(new ItemChangeListeners(List.of(webhook)),
				new InMemoryIdempotencyStore(Clock.systemUTC()), this.deadLetters, RetryPolicy.defaults(),
				Duration.ofMinutes(1), ChangeProcessingObserver.NONE, (d) -> {
				}, Clock.systemUTC(), "w1");
		this.mvc = MockMvcBuilders.standaloneSetup(new DeadLetterController(this.deadLetters, processor)).build();
		ItemChange change = new ItemChange("e1", ItemChange.Operation.MODIFY,
				Map.of("TodoID", AttributeValue.fromS("T1")),
				Map.of("TodoID", AttributeValue.fromS("T1"), "Status", AttributeValue.fromS("In Progress")),
				Map.of("TodoID", AttributeValue.fromS("T1"), "Status", AttributeValue.fromS("completed"),
						"Version", AttributeValue.fromN("4")),
				"100", Instant.parse("2024-03-20T10:00:00Z"), false);
		this.deadLetters.put(new DeadLetter("e1:webhook", "e1", "webhook", "shard-1", "100", change,
				"IllegalStateException: receiver down", "trace", 5, Instant.parse("2024-03-20T10:00:05Z")));
	}

	@Test
	void listsDeadLettersWithPlainJsonImages() throws Exception {
		this.mvc.perform(get("/api/stream/dead-letters"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value("e1:webhook"))
			.andExpect(jsonPath("$[0].reason").value("IllegalStateException: receiver down"))
			.andExpect(jsonPath("$[0].newImage.Status").value("completed"))
			.andExpect(jsonPath("$[0].newImage.Version").value(4))
			.andExpect(jsonPath("$[0].oldImage.Status").value("In Progress"));
	}

	@Test
	void unknownDeadLetterIsNotFound() throws Exception {
		this.mvc.perform(get("/api/stream/dead-letters/nope")).andExpect(status().isNotFound());
		this.mvc.perform(post("/api/stream/dead-letters/nope/replay")).andExpect(status().isNotFound());
	}

	@Test
	void failedReplayIsAConflictAndKeepsTheDeadLetter() throws Exception {
		this.mvc.perform(post("/api/stream/dead-letters/e1:webhook/replay"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("Replay failed; the dead letter is kept: receiver down"));
		assertThat(this.deadLetters.find("e1:webhook")).isPresent();
	}

	@Test
	void successfulReplayRemovesTheDeadLetter() throws Exception {
		this.healthy.set(true);
		this.mvc.perform(post("/api/stream/dead-letters/e1:webhook/replay"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.replayed").value(true));
		assertThat(this.deadLetters.find("e1:webhook")).isEmpty();
	}

	@Test
	void deleteDiscardsTheDeadLetter() throws Exception {
		this.mvc.perform(delete("/api/stream/dead-letters/e1:webhook")).andExpect(status().isNoContent());
		assertThat(this.deadLetters.list(10)).isEmpty();
	}

}
