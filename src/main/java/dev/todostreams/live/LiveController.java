package dev.todostreams.live;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import dev.todostreams.system.TodoAuthorities;
import dev.todostreams.todo.TodoProperties;
import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live change feed ({@code text/event-stream}), the change log for polling clients, the recent history, and the
 * statuses the board shows.
 */
@RestController
class LiveController {

	static final String LAST_EVENT_ID = "Last-Event-ID";

	static final int MAX_LIMIT = 1000;

	static final int MAX_RECENT = 1000;

	private final ChangeFeed feed;

	private final ChangeLogTail changeLog;

	private final LiveProperties properties;

	private final TodoProperties todos;

	LiveController(ChangeFeed feed, ChangeLogTail changeLog, LiveProperties properties, TodoProperties todos) {
		this.feed = feed;
		this.changeLog = changeLog;
		this.properties = properties;
		this.todos = todos;
	}

	/**
	 * Every change, whichever instance processed it, as it happens. A reconnect with {@code Last-Event-ID} (or
	 * {@code ?lastEventId=}) first gets the change log's entries after that id.
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
		String head = this.changeLog.head();
		return new RecentChanges(this.changeLog.recent(Math.min(Math.max(limit, 0), MAX_RECENT))
			.stream()
			.map((change) -> change.visibleTo(visible))
			.toList(), head);
	}

	/**
	 * The change log after {@code since} (a position: an SSE event id, or {@code next} of the previous page), for
	 * clients that poll. Delivery outcomes the viewer may not see are left out; {@code next} passes them anyway.
	 */
	@GetMapping(path = "/api/changes", params = "since", produces = MediaType.APPLICATION_JSON_VALUE)
	ChangePage page(@RequestParam String since, @RequestParam(required = false) @Nullable String limit,
			@CurrentSecurityContext(expression = "authentication") Authentication viewer) {
		if (!ChangeLogPosition.valid(since)) {
			throw problem(HttpStatus.BAD_REQUEST, "Invalid position",
					"since must be a change-log position (an event id or the 'next' of a page), e.g. "
							+ this.changeLog.head() + ".");
		}
		int size = 100;
		if (limit != null) {
			try {
				size = Integer.parseInt(limit.trim());
			}
			catch (NumberFormatException ex) {
				size = -1;
			}
			if (size < 1 || size > MAX_LIMIT) {
				throw problem(HttpStatus.BAD_REQUEST, "Invalid limit",
						"limit must be a whole number from 1 to " + MAX_LIMIT + ".");
			}
		}
		if (!this.changeLog.retained(since)) {
			throw problem(HttpStatus.GONE, "Position expired",
					"The change log keeps entries for a limited time and no longer has everything after " + since
							+ ". Reload what you show and continue from the 'lastEventId' of /api/changes/recent.");
		}
		Predicate<DeliveryOutcome> visible = visibleTo(viewer);
		List<ChangeLogEntry> entries = this.changeLog.page(since, size);
		List<ChangeItem> items = new ArrayList<>();
		for (ChangeLogEntry entry : entries) {
			if (entry.change() != null) {
				items.add(new ChangeItem(entry.position(), FeedEvent.CHANGE, entry.eventId(), entry.change(), null));
			}
			else if (entry.delivery() != null && visible.test(entry.delivery())) {
				items.add(new ChangeItem(entry.position(), "delivery", entry.eventId(), null, entry.delivery()));
			}
		}
		String next = entries.isEmpty() ? since : entries.get(entries.size() - 1).position();
		return new ChangePage(items, next);
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
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

	record RecentChanges(List<ChangeEvent> items, String lastEventId) {
	}

	/** One page of the change log; ask for the next with {@code ?since=<next>}. */
	record ChangePage(List<ChangeItem> items, String next) {
	}

	/**
	 * One change-log entry: a change, or a new state of a delivery one caused.
	 *
	 * @param position the entry's position (the SSE event id)
	 * @param type {@code change} or {@code delivery}
	 * @param eventId the change's stream eventID
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ChangeItem(String position, String type, String eventId, @Nullable ChangeEvent change,
			@Nullable DeliveryOutcome delivery) {
	}

	record Statuses(List<String> statuses, String defaultStatus) {
	}

}
