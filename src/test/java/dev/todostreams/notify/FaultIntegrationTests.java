package dev.todostreams.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.todostreams.TodoStreamsApplication;
import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.stream.config.StreamConsumerLifecycle;
import dev.todostreams.testsupport.RunsBeside;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short versions of the fault suite (bench/faults.sh, docs/BENCHMARKS.md "Faults") in one JVM: a crash (the stream
 * consumer killed: no checkpoint, claims and leases left behind) mid-burst and a restart on the same data, the
 * shard holder of two instances killed mid-burst, and a receiver that is down while changes go on. Each asserts
 * that every acknowledged change reaches the receiver and none under two webhook-ids; times are the benchmark's job.
 */
@RunsBeside
class FaultIntegrationTests {

	static final Duration DELIVERY_WAIT = Duration.ofMinutes(3);

	@TempDir
	Path data;

	final FaultBenchmark bench = new FaultBenchmark();

	@Test
	void aCrashMidBurstAndARestartOnTheSameDataLoseNothingAndDuplicateNothing() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			FaultBenchmark.Judge judge = new FaultBenchmark.Judge(receiver);
			List<String> todos;
			Set<String> ackedBeforeCrash;
			try (ConfigurableApplicationContext first = run("--todo.emulator.data-directory=" + this.data)) {
				int port = port(first);
				judge.subscribe(this.bench, "http://127.0.0.1:" + port);
				todos = this.bench.createTodos("http://127.0.0.1:" + port, 20);
				FaultBenchmark.Load load = new FaultBenchmark.Load(this.bench, () -> port, todos, judge, 4, 0);
				load.start();
				load.awaitAcked(150);
				first.getBean(StreamConsumerLifecycle.class).kill();
				load.stop();
				ackedBeforeCrash = judge.acked();
			}
			try (ConfigurableApplicationContext second = run("--todo.emulator.data-directory=" + this.data)) {
				int port = port(second);
				FaultBenchmark.Load load = new FaultBenchmark.Load(this.bench, () -> port, todos, judge, 4, 0);
				load.start();
				load.awaitAcked(ackedBeforeCrash.size() + 50);
				load.stop();
				assertThat(judge.awaitAll(judge.acked(), DELIVERY_WAIT))
					.as("changes acknowledged before and after the crash; missing: %s", judge.missing(judge.acked()))
					.isPositive();
				assertNoLossNoDuplicates(judge);
			}
		}
	}

	@Test
	void theShardHolderOfTwoInstancesKilledMidBurstLosesNothingAndDuplicatesNothing() throws Exception {
		try (DynamoDbEmulator emulator = DynamoDbEmulator.start();
				WebhookReceiver receiver = WebhookReceiver.start()) {
			// instances that share tables share the key of the webhook secrets in them
			// (the localstack profile waits up to 30 s on an empty lease table unless told it need not)
			String[] shared = { "--spring.profiles.active=localstack", "--todo.security.mode=local",
					"--todo.stream.timing.skip-empty-lease-table-wait=true",
					"--spring.cloud.aws.endpoint=" + emulator.endpoint(), "--todo.webhooks.encryption.key="
							+ java.util.Base64.getEncoder().encodeToString(SecretCipher.randomKey()) };
			try (ConfigurableApplicationContext one = run(with(shared, "--todo.stream.worker-id=fault-one"));
					ConfigurableApplicationContext two = run(with(shared, "--todo.stream.worker-id=fault-two"))) {
				FaultBenchmark.Judge judge = new FaultBenchmark.Judge(receiver);
				judge.subscribe(this.bench, "http://127.0.0.1:" + port(one));
				List<String> todos = this.bench.createTodos("http://127.0.0.1:" + port(one), 20);
				FaultBenchmark.Load warm = new FaultBenchmark.Load(this.bench, () -> port(one), todos, judge, 2, 0);
				warm.start();
				warm.awaitAcked(20);
				warm.stop();
				assertThat(judge.awaitAll(judge.acked(), DELIVERY_WAIT)).isPositive();
				boolean oneHolds = !this.bench.shards(new FaultBenchmark.App("one", port(one), null)).isEmpty();
				ConfigurableApplicationContext holder = oneHolds ? one : two;
				ConfigurableApplicationContext survivor = oneHolds ? two : one;
				int survivorPort = port(survivor);
				FaultBenchmark.Load load = new FaultBenchmark.Load(this.bench, () -> survivorPort, todos, judge, 4, 0);
				load.start();
				load.awaitAcked(judge.acked().size() + 100);
				holder.getBean(StreamConsumerLifecycle.class).kill();
				holder.close();
				load.awaitAcked(judge.acked().size() + 50);
				load.stop();
				assertThat(judge.awaitAll(judge.acked(), DELIVERY_WAIT))
					.as("every acknowledged change; missing: %s", judge.missing(judge.acked()))
					.isPositive();
				assertNoLossNoDuplicates(judge);
			}
		}
	}

	@Test
	void aReceiverDownWhileChangesGoOnGetsTheWholeBacklogOnceBack() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.start();
				ConfigurableApplicationContext app = run("--todo.webhooks.poll-interval=1s")) {
			int port = port(app);
			FaultBenchmark.Judge judge = new FaultBenchmark.Judge(receiver);
			judge.subscribe(this.bench, "http://127.0.0.1:" + port);
			List<String> todos = this.bench.createTodos("http://127.0.0.1:" + port, 10);
			receiver.down();
			FaultBenchmark.Load load = new FaultBenchmark.Load(this.bench, () -> port, todos, judge, 1, 10);
			load.start();
			load.awaitAcked(60);
			receiver.up();
			load.awaitAcked(80);
			load.stop();
			assertThat(judge.awaitAll(judge.acked(), DELIVERY_WAIT))
				.as("the backlog and what followed; missing: %s", judge.missing(judge.acked()))
				.isPositive();
			assertNoLossNoDuplicates(judge);
		}
	}

	private static void assertNoLossNoDuplicates(FaultBenchmark.Judge judge) {
		assertThat(judge.lost()).as("acknowledged changes without a webhook").isZero();
		assertThat(judge.changesWithTwoWebhookIds()).as("changes under two webhook-ids").isZero();
		assertThat(judge.unverified()).as("webhooks whose signature does not verify").isZero();
	}

	private static String[] with(String[] shared, String extra) {
		String[] all = java.util.Arrays.copyOf(shared, shared.length + 1);
		all[shared.length] = extra;
		return all;
	}

	private static ConfigurableApplicationContext run(String... args) {
		String[] all = java.util.Arrays.copyOf(args, args.length + 1);
		all[args.length] = "--server.port=0";
		return new SpringApplicationBuilder(TodoStreamsApplication.class).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
