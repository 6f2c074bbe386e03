package dev.todostreams.live;

import java.util.List;
import java.util.function.Predicate;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.system.TodoAuthorities;
import dev.todostreams.todo.TodoProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live change feed ({@code text/event-stream}), its recent history, and the statuses the board shows. */
@RestController
class LiveController {

	static final String LAST_EVENT_ID = "Last-Event-ID";

	private final ChangeFeed feed;

	private final LiveProperties properties;

	private final TodoProperties todos;

	LiveController(ChangeFeed feed, LiveProperties properties, TodoProperties todos) {
		this.feed = feed;
		this.properties = properties;
		this.todos = todos;
	}

	/**
	 * Every change the consumer processes, as it happens. A reconnect with {@code Last-Event-ID} (or
	 * {@code ?lastEventId=}) first gets the buffered events after that id.
	 */
	@GetMapping(path = "/api/changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter changes(@RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventId,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParameter,
			@CurrentSecurityContext(expression = "authentication") Authentication viewer) {
		SseEmitter emitter = new SseEmitter(this.properties.connectionTimeout().toMillis());
		SseFeedSubscriber subscriber = new SseFeedSubscriber(emitter, visibleTo(viewer));
		emitter.onCompletion(() -> this.feed.unsubscribe(subscriber));
		emitter.onTimeout(() -> {
			this.feed.unsubscribe(subscriber);
			subscriber.close();
		});
		emitter.onError((error) -> this.feed.unsubscribe(subscriber));
		try {
			// commits the response at once, so the client knows it is connected, and sets its reconnect delay
			emitter.send(SseEmitter.event().comment("connected").reconnectTime(this.properties.reconnectDelay().toMillis()));
		}
		catch (Exception ex) {
			emitter.completeWithError(ex);
			return emitter;
		}
		this.feed.subscribe(subscriber, (lastEventId != null) ? lastEventId : lastEventIdParameter);
		return emitter;
	}

	/** The most recent changes, oldest first, each in its latest state (deliveries included). */
	@GetMapping(path = "/api/changes/recent", produces = MediaType.APPLICATION_JSON_VALUE)
	RecentChanges recent(@RequestParam(defaultValue = "50") int limit,
			@CurrentSecurityContext(expression = "authentication") Authentication viewer) {
		Predicate<DeliveryOutcome> visible = visibleTo(viewer);
		return new RecentChanges(this.feed.recent(Math.min(Math.max(limit, 0), this.properties.bufferSize()))
			.stream()
			.map((change) -> change.visibleTo(visible))
			.toList(), this.feed.lastId());
	}

	/** Every reader sees every change (a shared board); a delivery only its subscription's owner or an admin. */
	private static Predicate<DeliveryOutcome> visibleTo(Authentication viewer) {
		if (TodoAuthorities.isAdministrator(viewer)) {
			return (outcome) -> true;
		}
		String name = viewer.getName();
		return (outcome) -> name.equals(outcome.owner());
	}

	/** The configured statuses, in board order, and the one new todos get. */
	@GetMapping(path = "/api/statuses", produces = MediaType.APPLICATION_JSON_VALUE)
	Statuses statuses() {
		return new Statuses(this.todos.statuses(), this.todos.defaultStatus());
	}

	record RecentChanges(List<ChangeEvent> items, long lastEventId) {
	}

	record Statuses(List<String> statuses, String defaultStatus) {
	}

}
