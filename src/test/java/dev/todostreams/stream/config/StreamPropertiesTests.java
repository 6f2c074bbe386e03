package dev.todostreams.stream.config;

import java.time.Duration;

import dev.todostreams.stream.kcl.StreamProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class);

	@Test
	void defaultsAreSafeForAwsAndKeepKclDefaultTimings() {
		this.runner.run((context) -> {
			StreamProperties properties = context.getBean(StreamProperties.class);
			assertThat(properties.tableName()).isEqualTo("Todos");
			assertThat(properties.applicationName()).isEqualTo("todo-streams-consumer");
			assertThat(properties.startingPosition()).isEqualTo(StreamProperties.StartingPosition.TRIM_HORIZON);
			assertThat(properties.metrics().cloudWatch()).isFalse();
			assertThat(properties.metrics().workerMetrics()).isFalse();
			assertThat(properties.retry().maxAttempts()).isEqualTo(5);
			StreamProperties.EffectiveTiming safe = properties.effectiveTiming(StreamProperties.Preset.SAFE);
			assertThat(safe.failoverTime()).isEqualTo(Duration.ofSeconds(10));
			assertThat(safe.leaseAssignmentInterval()).isEqualTo(Duration.ofSeconds(20));
			assertThat(safe.skipEmptyLeaseTableWait()).isFalse();
		});
	}

	@Test
	void fastPresetShortensEveryStartupKnob() {
		this.runner.run((context) -> {
			StreamProperties.EffectiveTiming fast = context.getBean(StreamProperties.class)
				.effectiveTiming(StreamProperties.Preset.FAST);
			assertThat(fast.failoverTime()).isLessThan(Duration.ofSeconds(10));
			assertThat(fast.leaseAssignmentInterval()).isLessThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(fast.parentShardPollInterval()).isLessThanOrEqualTo(Duration.ofSeconds(1));
			// a new shard consumer moves one state per scheduler round and reads after about three of them
			assertThat(fast.shardConsumerDispatchPollInterval().multipliedBy(3)).isLessThanOrEqualTo(Duration.ofMillis(100));
			assertThat(fast.skipEmptyLeaseTableWait()).isTrue();
			// the first worker-metrics report (after twice the capture interval) is in before the leader's second
			// assignment round, so a starting worker gets its leases in that round
			assertThat(fast.workerMetricsCaptureInterval().multipliedBy(2)).isLessThan(fast.leaseAssignmentInterval());
			// the consumer starts in the background; readiness, not the application's start, waits for it
			assertThat(fast.awaitInitialization()).isZero();
		});
	}

	@Test
	void fastPresetSkipsTheEmptyLeaseTableWaitOnlyForAWorkerThatStartsAlone() {
		this.runner.run((context) -> {
			StreamProperties properties = context.getBean(StreamProperties.class);
			assertThat(properties.effectiveTiming(StreamProperties.Preset.FAST, true).skipEmptyLeaseTableWait()).isTrue();
			// localstack or a standalone emulator: several workers may start together on an empty lease table
			assertThat(properties.effectiveTiming(StreamProperties.Preset.FAST, false).skipEmptyLeaseTableWait())
				.isFalse();
		});
		this.runner.withPropertyValues("todo.stream.timing.skip-empty-lease-table-wait=true")
			.run((context) -> assertThat(context.getBean(StreamProperties.class)
				.effectiveTiming(StreamProperties.Preset.FAST, false)
				.skipEmptyLeaseTableWait()).as("an explicit setting is taken as given").isTrue());
	}

	@Test
	void explicitTimingsWinOverThePreset() {
		this.runner
			.withPropertyValues("todo.stream.preset=FAST", "todo.stream.timing.failover-time=7s",
					"todo.stream.timing.skip-empty-lease-table-wait=false", "todo.stream.retry.retry-forever=true",
					"todo.stream.starting-position=LATEST", "todo.stream.batch-size=100")
			.run((context) -> {
				StreamProperties properties = context.getBean(StreamProperties.class);
				StreamProperties.EffectiveTiming timing = properties.effectiveTiming(StreamProperties.Preset.SAFE);
				assertThat(timing.failoverTime()).isEqualTo(Duration.ofSeconds(7));
				assertThat(timing.skipEmptyLeaseTableWait()).isFalse();
				assertThat(timing.leaseAssignmentInterval()).isEqualTo(Duration.ofMillis(100));
				assertThat(properties.retry().retryForever()).isTrue();
				assertThat(properties.startingPosition()).isEqualTo(StreamProperties.StartingPosition.LATEST);
				assertThat(properties.batchSize()).isEqualTo(100);
			});
	}

	@Test
	void batchSizeAboveTheGetRecordsLimitIsRejected() {
		this.runner.withPropertyValues("todo.stream.batch-size=5000")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void theDefaultsOfHandBuiltConsumersAreTheBoundDefaults() {
		this.runner.run((context) -> {
			StreamProperties bound = context.getBean(StreamProperties.class);
			assertThat(bound.preset()).as("no preset: the profile decides").isNull();
			assertThat(bound).usingRecursiveComparison()
				.ignoringFields("preset")
				.isEqualTo(StreamProperties.defaults("Todos", StreamProperties.Preset.FAST));
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StreamConsumerProperties.class)
	static class PropertiesOnly {

		@Bean
		StreamProperties streamProperties(StreamConsumerProperties properties) {
			return properties.toStreamProperties();
		}

	}

}
