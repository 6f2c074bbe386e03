package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.todostreams.emulator.EmulatorExtension;
import dev.todostreams.testsupport.MutableClock;
import dev.todostreams.system.TableBootstrap;
import dev.todostreams.system.TableNameResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery worker on the embedded emulator with a clock the test moves: automatic disabling after failing for
 * the configured period (no sleeping for it), and lanes that keep a slow endpoint from holding up a fast one.
 */
class DeliveryWorkerTests {

	@RegisterExtension
	final EmulatorExtension emulator = new EmulatorExtension();

	final MutableClock clock = MutableClock.startingNow();

	SubscriptionRepository subscriptions;

	DeliveryRepository deliveries;

	DeliveryWorker worker;

	WebhookReceiver slow;

	WebhookReceiver fast;

	@BeforeEach
	void setUp() throws Exception {
		DynamoDbClient dynamo = this.emulator.dynamoDb();
		TableNameResolver names = new TableNameResolver("");
		TableBootstrap bootstrap = new TableBootstrap(dynamo, names);
		bootstrap.createIfMissing(WebhookTables.subscriptions());
		bootstrap.createIfMissing(WebhookTables.deliveries());
		this.subscriptions = new SubscriptionRepository(dynamo, WebhookTables.SUBSCRIPTIONS, SecretCipher.random());
		this.deliveries = new DeliveryRepository(dynamo, WebhookTables.DELIVERIES, Duration.ofDays(1));
		this.worker = worker(this.deliveries);
		this.slow = WebhookReceiver.start();
		this.fast = WebhookReceiver.start();
		this.worker.start();
	}

	@AfterEach
	void tearDown() {
		this.worker.stop();
		this.slow.close();
		this.fast.close();
	}

	@Test
	void disablesASubscriptionWhoseDeliveriesKeepFailingForTheConfiguredPeriod() {
		this.fast.answer((request) -> new WebhookReceiver.Answer(500, Map.of()));
		Subscription subscription = subscription("wh_failing", this.fast.url("/hook"));
		outbox(subscription, "e1");
		await().atMost(Duration.ofSeconds(20)).until(() -> failingSince(subscription) != null);
		Instant firstFailure = failingSince(subscription);
		assertThat(attempts("e1", subscription)).isEqualTo(1);
		assertThat(this.subscriptions.find(subscription.id()).orElseThrow().enabled()).isTrue();

		this.clock.advance(Duration.ofMinutes(31));
		await().atMost(Duration.ofSeconds(20)).until(() -> attempts("e1", subscription) == 2);
		assertThat(this.subscriptions.find(subscription.id()).orElseThrow().enabled()).as("failing for 31 min < 1 h")
			.isTrue();
		assertThat(failingSince(subscription)).isEqualTo(firstFailure);

		this.clock.advance(Duration.ofMinutes(31));
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.subscriptions.find(subscription.id()).orElseThrow().enabled());
		assertThat(this.subscriptions.find(subscription.id()).orElseThrow().disabledReason()).contains("without a success");
		assertThat(this.fast.received).hasSize(3);
	}

	@Test
	void theFirstSuccessAfterFailuresSendsTheOtherPendingDeliveriesAtOnceOldestFirst() {
		java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
		this.fast.answer((request) -> new WebhookReceiver.Answer(down.get() ? 503 : 200, Map.of()));
		Subscription subscription = subscription("wh_recover", this.fast.url("/hook"));
		List<String> backlog = List.of("b1", "b2", "b3", "b4", "b5", "b6");
		for (String eventId : backlog) {
			outbox(subscription, eventId);
			this.clock.advance(Duration.ofMillis(10));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> backlog.stream().allMatch((e) -> attempts(e, subscription) == 1));
		assertThat(this.deliveries.find(WebhookIds.of("b1", subscription.id())).orElseThrow().nextAttemptAt())
			.as("waits for the 30 min retry step").isAfter(this.clock.instant().plus(Duration.ofMinutes(29)));

		down.set(false);
		outbox(subscription, "after");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> backlog.stream()
				.allMatch((e) -> this.deliveries.find(WebhookIds.of(e, subscription.id())).orElseThrow().state()
						== Delivery.State.DELIVERED));
		List<String> successes = this.fast.received.stream()
			.skip(backlog.size())
			.map(WebhookReceiver.Received::webhookId)
			.toList();
		assertThat(successes).hasSize(backlog.size() + 1)
			.as("each sent once more, without advancing the clock")
			.containsExactlyInAnyOrderElementsOf(
					java.util.stream.Stream.concat(backlog.stream(), java.util.stream.Stream.of("after"))
						.map((e) -> WebhookIds.of(e, subscription.id()))
						.toList());
		assertThat(successes.indexOf(WebhookIds.of("b1", subscription.id())))
			.as("oldest first").isLessThan(successes.indexOf(WebhookIds.of("b6", subscription.id())));
	}

	@Test
	void aReceiverThatNeverFinishesItsAnswerDoesNotHoldTheLaneForever() throws Exception {
		try (java.net.ServerSocket stalling = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						java.net.Socket socket = stalling.accept();
						open.add(socket);
						// the head and two of ten promised body bytes, then nothing
						socket.getOutputStream()
							.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
						socket.getOutputStream().flush();
					}
				}
				catch (java.io.IOException ex) {
					// closed at the end of the test
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			this.worker.stop();
			WebhookProperties quick = properties();
			quick = new WebhookProperties(true, true, Duration.ofMillis(500), quick.retrySchedule(), 0,
					quick.maxRetryAfter(), quick.disableAfter(), quick.secretRotationGrace(), true, false, 8, 2,
					DataSize.ofKilobytes(1), Duration.ofMillis(200), Duration.ofDays(1), 100, 100);
			this.worker = new DeliveryWorker(this.deliveries, this.subscriptions,
					new WebhookSender(Duration.ofMillis(500), 1024, new TargetGuard(true, false, TargetGuard.Resolver.SYSTEM), 4),
					new TargetGuard(true, false, TargetGuard.Resolver.SYSTEM), quick, this.clock);
			this.worker.start();
			Subscription subscription = subscription("wh_stalling",
					"http://127.0.0.1:" + stalling.getLocalPort() + "/hook");
			for (String eventId : List.of("s1", "s2", "s3")) {
				outbox(subscription, eventId);
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> List.of("s1", "s2", "s3").stream().allMatch((e) -> attempts(e, subscription) == 1));
			assertThat(this.deliveries.find(WebhookIds.of("s3", subscription.id())).orElseThrow().attempts().get(0)
				.error()).contains("timed out after 500 ms");
			for (java.net.Socket socket : open) {
				socket.close();
			}
		}
	}

	@Test
	void redeliversARowThatWaitsForItsNextRetryAtOnce() {
		this.fast.answer((request) -> new WebhookReceiver.Answer((this.fast.received.size() == 1) ? 500 : 200, Map.of()));
		Subscription subscription = subscription("wh_retry", this.fast.url("/hook"));
		outbox(subscription, "r1");
		String id = WebhookIds.of("r1", subscription.id());
		await().atMost(Duration.ofSeconds(20)).until(() -> attempts("r1", subscription) == 1);
		Instant now = this.clock.instant();
		assertThat(this.deliveries.find(id).orElseThrow().nextAttemptAt()).isAfter(now.plus(Duration.ofMinutes(29)));

		assertThat(this.deliveries.redeliver(subscription.id(), id, now)).isTrue();
		this.worker.scheduleNow(id, subscription.id(), now);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.deliveries.find(id).orElseThrow().state() == Delivery.State.DELIVERED);
		assertThat(this.fast.received).hasSize(2);
		assertThat(this.fast.received.get(1).webhookId()).isEqualTo(id);
		assertThat(this.deliveries.find(id).orElseThrow().scheduleAttempts()).as("a fresh schedule").isEqualTo(1);
	}

	@Test
	void aSlowEndpointDoesNotHoldUpOthers() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.slow.answer((request) -> {
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return new WebhookReceiver.Answer(200, Map.of());
		});
		Subscription slowOne = subscription("wh_slow", this.slow.url("/slow"));
		Subscription fastOne = subscription("wh_fast", this.fast.url("/fast"));
		for (int i = 0; i < 10; i++) {
			outbox(slowOne, "slow-" + i);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.slow.received.size() == 2);
		for (int i = 0; i < 5; i++) {
			outbox(fastOne, "fast-" + i);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> webhookIds(this.fast).size() == 5);
		assertThat(this.slow.received).as("at most 2 in flight per endpoint").hasSize(2);
		release.countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> webhookIds(this.slow).size() == 10);
		assertThat(this.slow.received).as("each row sent once").hasSize(10);
		assertThat(this.fast.received).as("each row sent once").hasSize(5);
	}

	@Test
	void aDueIndexThatLagsBehindDoesNotSendADeliveredRowAgain() {
		this.worker.stop();
		ObservedDeliveries lagging = new ObservedDeliveries(this.emulator.dynamoDb(), true);
		DeliveryWorker laggingWorker = worker(lagging);
		Subscription subscription = subscription("wh_lag", this.fast.url("/hook"));
		Instant now = this.clock.instant();
		String id = WebhookIds.of("lag-1", subscription.id());
		assertThat(this.deliveries.insert(new Delivery(id, subscription.id(), WebhookPayloads.STATUS_CHANGED, "lag-1",
				"T1", "{}", Delivery.State.PENDING, 0, now, now, now, List.of()))).isTrue();
		laggingWorker.start();
		try {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.deliveries.find(id).orElseThrow().state() == Delivery.State.DELIVERED);
			int listedAfterDelivery = lagging.listings.get();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> lagging.listings.get() >= listedAfterDelivery + 5 && laggingWorker.inFlight() == 0);
			assertThat(this.fast.received).as("the index still lists the delivered row as pending").hasSize(1);
		}
		finally {
			laggingWorker.stop();
		}
	}

	@Test
	void aRefillRightAfterTheOutboxWriteDoesNotSendTheNewRowTwice() {
		this.worker.stop();
		ObservedDeliveries observed = new ObservedDeliveries(this.emulator.dynamoDb(), false);
		DeliveryWorker other = worker(observed);
		Subscription subscription = subscription("wh_race", this.fast.url("/hook"));
		// between the outbox's write and its queueing, two refills list the new row and any send they start ends
		observed.afterInsert = () -> {
			int listed = observed.listings.get();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> observed.listings.get() >= listed + 2 && other.inFlight() == 0);
		};
		other.start();
		try {
			Instant now = this.clock.instant();
			String id = WebhookIds.of("race-1", subscription.id());
			assertThat(add(other, observed, new Delivery(id, subscription.id(), WebhookPayloads.STATUS_CHANGED, "race-1", "T1",
					"{}", Delivery.State.PENDING, 0, now, now, now, List.of()))).isTrue();
			observed.afterInsert = () -> {
			};
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.deliveries.find(id).orElseThrow().state() == Delivery.State.DELIVERED
						&& other.inFlight() == 0 && other.queued() == 0);
			assertThat(this.fast.received).as("sent once").hasSize(1);
		}
		finally {
			other.stop();
		}
	}

	@Test
	void aRowWrittenElsewhereGoesOutWhenARefillIsAskedForNotAtTheNextPoll() {
		this.worker.stop();
		ObservedDeliveries observed = new ObservedDeliveries(this.emulator.dynamoDb(), false);
		TargetGuard guard = new TargetGuard(true, false, TargetGuard.Resolver.SYSTEM);
		// a poll interval no test waits for: only refillSoon() can make the worker read the due index again
		DeliveryWorker other = new DeliveryWorker(observed, this.subscriptions,
				new WebhookSender(Duration.ofSeconds(10), 1024, guard, 8), guard, properties(Duration.ofHours(1)),
				this.clock);
		Subscription subscription = subscription("wh_orphan", this.fast.url("/hook"));
		other.start();
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> observed.listings.get() >= 1);
			// the earlier shard holder wrote this row and died before sending it
			Instant now = this.clock.instant();
			String id = WebhookIds.of("orphan-1", subscription.id());
			assertThat(this.deliveries.insert(new Delivery(id, subscription.id(), WebhookPayloads.STATUS_CHANGED,
					"orphan-1", "T1", "{}", Delivery.State.PENDING, 0, now, now, now, List.of()))).isTrue();
			int listedBefore = observed.listings.get();
			other.refillSoon();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.deliveries.find(id).orElseThrow().state() == Delivery.State.DELIVERED);
			assertThat(observed.listings.get()).isEqualTo(listedBefore + 1);
			assertThat(this.fast.received).hasSize(1);
			assertThat(other.queued()).as("the wake-up entry is not a delivery").isZero();
		}
		finally {
			other.stop();
		}
	}

	@Test
	void anInstanceThatDoesNotDeliverOnlyWritesOutboxRows() {
		DeliveryWorker idle = worker(this.deliveries);
		Subscription subscription = subscription("wh_idle", this.fast.url("/hook"));
		Instant now = this.clock.instant();
		String id = WebhookIds.of("idle-1", subscription.id());
		Delivery row = new Delivery(id, subscription.id(), WebhookPayloads.STATUS_CHANGED, "idle-1", "T1", "{}",
				Delivery.State.PENDING, 0, now, now, now, List.of());

		assertThat(add(idle, this.deliveries, row)).isTrue();
		assertThat(add(idle, this.deliveries, row)).as("idempotent on the webhook-id").isFalse();
		idle.schedule(id, subscription.id(), now);
		idle.scheduleNow(id, subscription.id(), now);

		assertThat(idle.queued()).as("nothing held in memory by a worker that never runs").isZero();
		assertThat(this.deliveries.find(id).orElseThrow().state()).isEqualTo(Delivery.State.PENDING);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.fast.received.size() == 1);
		assertThat(this.fast.received.get(0).webhookId()).as("the running worker's refill finds the row").isEqualTo(id);
	}

	@Test
	void theOutboxWritesManyRowsAtOnceAndNeverOverwritesOneThatExists() {
		this.worker.stop();
		Subscription subscription = subscription("wh_bulk", this.fast.url("/hook"));
		Instant now = this.clock.instant();
		List<Delivery> rows = java.util.stream.IntStream.range(0, 150)
			.mapToObj((i) -> new Delivery(WebhookIds.of("bulk-" + i, subscription.id()), subscription.id(),
					WebhookPayloads.STATUS_CHANGED, "bulk-" + i, "T1", "{}", Delivery.State.PENDING, 0, now, now, now,
					List.of()))
			.toList();
		// one row was written and delivered before (a replayed change)
		assertThat(this.deliveries.insert(rows.get(120))).isTrue();
		assertThat(this.deliveries.recordAttempt(rows.get(120).id(),
				new DeliveryAttempt(now, 204, 1, null, null, null), Delivery.State.DELIVERED, 1, now)).isTrue();

		Set<String> written = this.deliveries.insertAll(rows);

		assertThat(written).hasSize(149).doesNotContain(rows.get(120).id()).contains(rows.get(0).id(),
				rows.get(149).id());
		assertThat(this.deliveries.find(rows.get(120).id()).orElseThrow().state()).isEqualTo(Delivery.State.DELIVERED);
		assertThat(this.deliveries.find(rows.get(149).id()).orElseThrow().state()).isEqualTo(Delivery.State.PENDING);
		assertThat(this.deliveries.insertAll(rows)).as("a second write of the same rows writes nothing").isEmpty();
	}

	@Test
	void tellsItsObserversWhenARowIsWrittenAndAfterEachAttempt() {
		this.worker.stop(); // the observed worker is the only one sending
		List<DeliveryObserver.Update> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
		TargetGuard guard = new TargetGuard(true, false, TargetGuard.Resolver.SYSTEM);
		DeliveryWorker observed = new DeliveryWorker(this.deliveries, this.subscriptions,
				new WebhookSender(Duration.ofSeconds(10), 1024, guard, 8), guard, properties(), this.clock,
				List.of(updates::add, (update) -> {
					throw new IllegalStateException("a broken observer changes nothing");
				}));
		java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
		this.fast.answer((request) -> new WebhookReceiver.Answer(down.get() ? 503 : 204, Map.of()));
		Subscription subscription = subscription("wh_observed", this.fast.url("/hook"));
		Instant now = this.clock.instant();
		String id = WebhookIds.of("obs-1", subscription.id());
		observed.start();
		try {
			assertThat(add(observed, this.deliveries, new Delivery(id, subscription.id(), WebhookPayloads.STATUS_CHANGED, "obs-1", "T1",
					"{}", Delivery.State.PENDING, 0, now, now, now, List.of()))).isTrue();
			await().atMost(Duration.ofSeconds(20)).until(() -> updates.size() == 2);
			down.set(false);
			this.clock.advance(Duration.ofMinutes(31));
			await().atMost(Duration.ofSeconds(20)).until(() -> updates.size() == 3);
		}
		finally {
			observed.stop();
		}
		assertThat(updates).extracting(DeliveryObserver.Update::deliveryId).containsOnly(id);
		assertThat(updates).extracting(DeliveryObserver.Update::eventId).containsOnly("obs-1");
		assertThat(updates).extracting(DeliveryObserver.Update::url).containsOnly(subscription.url());
		assertThat(updates).extracting(DeliveryObserver.Update::state)
			.containsExactly(Delivery.State.PENDING, Delivery.State.PENDING, Delivery.State.DELIVERED);
		assertThat(updates).extracting(DeliveryObserver.Update::attempts).containsExactly(0, 1, 2);
		assertThat(updates.get(1).lastAttempt().statusCode()).isEqualTo(503);
		assertThat(updates.get(2).lastAttempt().statusCode()).isEqualTo(204);
	}

	private DeliveryWorker worker(DeliveryRepository repository) {
		TargetGuard guard = new TargetGuard(true, false, TargetGuard.Resolver.SYSTEM);
		return new DeliveryWorker(repository, this.subscriptions,
				new WebhookSender(Duration.ofSeconds(10), 1024, guard, 8), guard, properties(), this.clock);
	}

	private Subscription subscription(String id, String url) {
		Instant now = this.clock.instant();
		Subscription subscription = new Subscription(id, java.net.URI.create(url), "", WebhookFilter.ALL_STATUS_CHANGES,
				true, null, WebhookSecret.generate(), null, null, null, now, now, 0, "alice");
		return this.subscriptions.create(subscription);
	}

	private static WebhookProperties properties() {
		return properties(Duration.ofMillis(200));
	}

	private static WebhookProperties properties(Duration pollInterval) {
		return new WebhookProperties(true, true, Duration.ofSeconds(10),
				List.of(Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30)), 0,
				Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), true, false, 8, 2, DataSize.ofKilobytes(1),
				pollInterval, Duration.ofDays(1), 100, 100);
	}

	private void outbox(Subscription subscription, String eventId) {
		Instant now = this.clock.instant();
		Delivery delivery = new Delivery(WebhookIds.of(eventId, subscription.id()), subscription.id(),
				WebhookPayloads.STATUS_CHANGED, eventId, "T1", "{\"n\":\"" + eventId + "\"}", Delivery.State.PENDING, 0,
				now, now, now, List.of());
		assertThat(this.deliveries.insert(delivery)).isTrue();
		assertThat(this.deliveries.insert(delivery)).as("idempotent on the webhook-id").isFalse();
		this.worker.schedule(delivery.id(), subscription.id(), now);
	}

	private static Set<String> webhookIds(WebhookReceiver receiver) {
		return receiver.received.stream().map(WebhookReceiver.Received::webhookId).collect(Collectors.toSet());
	}

	private Instant failingSince(Subscription subscription) {
		return this.subscriptions.find(subscription.id()).orElseThrow().failingSince();
	}

	private int attempts(String eventId, Subscription subscription) {
		return this.deliveries.find(WebhookIds.of(eventId, subscription.id())).orElseThrow().attempts().size();
	}

	/**
	 * The deliveries table with hooks: a due index that lags behind the table (once it has listed a row it keeps
	 * listing that copy), as a global secondary index may, and a pause after each insert.
	 */
	/** What the outbox does with a row: writes it through the repository and tells the worker. */
	private boolean add(DeliveryWorker worker, DeliveryRepository repository, Delivery row) {
		return new WebhookOutbox(this.subscriptions, repository, worker, this.clock).write(List.of(row))
			.contains(row.id());
	}

	private static final class ObservedDeliveries extends DeliveryRepository {

		final AtomicInteger listings = new AtomicInteger();

		private final boolean lagging;

		private final Map<String, Delivery> listed = new ConcurrentHashMap<>();

		volatile Runnable afterInsert = () -> {
		};

		ObservedDeliveries(DynamoDbClient dynamo, boolean lagging) {
			super(dynamo, WebhookTables.DELIVERIES, Duration.ofDays(1));
			this.lagging = lagging;
		}

		@Override
		public List<Delivery> dueBefore(Instant until, int limit) {
			List<Delivery> due = super.dueBefore(until, limit);
			this.listings.incrementAndGet();
			if (!this.lagging) {
				return due;
			}
			for (Delivery row : due) {
				this.listed.putIfAbsent(row.id(), row);
			}
			return List.copyOf(this.listed.values());
		}

		@Override
		public boolean insert(Delivery delivery) {
			boolean inserted = super.insert(delivery);
			this.afterInsert.run();
			return inserted;
		}

		@Override
		public java.util.Set<String> insertAll(List<Delivery> rows) {
			java.util.Set<String> inserted = super.insertAll(rows);
			this.afterInsert.run();
			return inserted;
		}

	}

}
