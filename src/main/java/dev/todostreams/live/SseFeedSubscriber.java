package dev.todostreams.live;

import java.io.IOException;
import java.util.Map;
import java.util.function.Predicate;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A feed connection over Spring MVC's {@link SseEmitter}. */
final class SseFeedSubscriber implements FeedSubscriber {

	private final SseEmitter emitter;

	private final Predicate<DeliveryOutcome> visible;

	SseFeedSubscriber(SseEmitter emitter, Predicate<DeliveryOutcome> visible) {
		this.emitter = emitter;
		this.visible = visible;
	}

	@Override
	public void send(FeedEvent event) throws IOException {
		Object data = (event.change() != null) ? event.change().visibleTo(this.visible) : Map.of("id", event.id());
		this.emitter.send(SseEmitter.event()
			.id(event.id())
			.name(event.name())
			.data(data, MediaType.APPLICATION_JSON));
	}

	@Override
	public void heartbeat() throws IOException {
		this.emitter.send(SseEmitter.event().comment("keep-alive"));
	}

	@Override
	public void close() {
		try {
			this.emitter.complete();
		}
		catch (RuntimeException ex) {
			// already completed or failed: nothing left to release
		}
	}

}
