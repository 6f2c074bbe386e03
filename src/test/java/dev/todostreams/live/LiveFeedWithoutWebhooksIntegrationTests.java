package dev.todostreams.live;

import java.util.List;
import java.util.UUID;

import dev.todostreams.live.SseClient.Event;
import dev.todostreams.notify.DeliveryWorker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks off: no worker and no delivery tracker exist, the change-log tail gets {@link DeliveryFollower#NONE}, and
 * the live feed still streams (and replays) every change, without deliveries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "todo.webhooks.enabled=false", LiveFeedIntegrationTests.HEARTBEAT })
class LiveFeedWithoutWebhooksIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	DeliveryFollower follower;

	@Autowired
	ChangeLogTail tail;

	@Test
	void theFeedShowsChangesWithoutDeliveriesAndThereIsNoTracker() throws Exception {
		assertThat(this.context.getBeansOfType(DeliveryTracker.class)).isEmpty();
		assertThat(this.context.getBeansOfType(DeliveryWorker.class)).isEmpty();
		assertThat(this.follower).isSameAs(DeliveryFollower.NONE);

		LiveApi api = new LiveApi(this.port);
		try (SseClient sse = SseClient.connect(this.port, null)) {
			String id = api.createTodo("No webhooks " + UUID.randomUUID(), null);
			api.setStatus(id, "In Progress");
			await().atMost(LiveFeedIntegrationTests.STREAM).until(() -> sse.changesOf(id).size() == 2);
			List<JsonNode> changes = sse.changesOf(id).stream().map(Event::json).toList();
			assertThat(changes).extracting((c) -> c.get("to").stringValue())
				.containsExactly("Not Started", "In Progress");
			assertThat(changes).allSatisfy((c) -> assertThat(c.path("deliveries").isMissingNode()
					|| c.path("deliveries").isNull()).as("no deliveries: %s", c).isTrue());
			assertThat(sse.events()).extracting(Event::name).doesNotContain(FeedEvent.DELIVERIES);

			// a reconnect after the creation gets the status change, still without deliveries (a tracker would add
			// an empty list to a status change it follows)
			List<FeedEvent> missed = this.tail.replay(sse.changesOf(id).get(0).id());
			assertThat(missed).filteredOn((event) -> event.change() != null && id.equals(event.change().todoId()))
				.singleElement()
				.satisfies((event) -> {
					assertThat(event.change().to()).isEqualTo("In Progress");
					assertThat(event.change().deliveries()).isNull();
				});
		}
	}

}
