package dev.todostreams.emulator.stream;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.todostreams.emulator.stream.StreamFixture.dynamodb;
import static dev.todostreams.emulator.stream.StreamFixture.sequenceNumber;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamStoreConcurrencyTests {

	private static final int WRITERS = 8;

	private static final int PER_WRITER = 500;

	private final ExecutorService executor = Executors.newFixedThreadPool(WRITERS + 2);

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	private static String pk(Map<String, Object> record) {
		return (String) ((Map<?, ?>) ((Map<?, ?>) dynamodb(record).get("Keys")).get("pk")).get("S");
	}

	@Test
	void concurrentAppendsAndReadsLoseNothingAndKeepOrder() throws Exception {
		StreamFixture f = new StreamFixture(100);
		String arn = f.enable("NEW_AND_OLD_IMAGES");
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean writing = new AtomicBoolean(true);
		List<Future<?>> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			writers.add(this.executor.submit(() -> {
				start.await();
				for (int i = 0; i < PER_WRITER; i++) {
					f.put(arn, writer + "-" + i);
				}
				return null;
			}));
		}
		List<Future<Integer>> readers = new ArrayList<>();
		for (int r = 0; r < 2; r++) {
			readers.add(this.executor.submit(() -> {
				start.await();
				int reads = 0;
				// at least one whole pass each, even when a loaded machine schedules a reader after the writers ended
				do {
					for (Map<String, Object> shard : f.shards(arn)) {
						List<Map<String, Object>> records = f.readAll(arn, (String) shard.get("ShardId"));
						assertIncreasing(records);
						reads++;
					}
				}
				while (writing.get());
				return reads;
			}));
		}
		start.countDown();
		for (Future<?> writer : writers) {
			writer.get();
		}
		writing.set(false);
		for (Future<Integer> reader : readers) {
			assertThat(reader.get()).isPositive();
		}
		List<Map<String, Object>> all = new ArrayList<>();
		for (Map<String, Object> shard : f.shards(arn)) {
			all.addAll(f.readAll(arn, (String) shard.get("ShardId")));
		}
		assertThat(all).hasSize(WRITERS * PER_WRITER);
		assertIncreasing(all);
		assertThat(all).extracting(r -> r.get("eventID")).doesNotHaveDuplicates();
		assertThat(f.shards(arn)).hasSize(WRITERS * PER_WRITER / 100 + 1);
		Map<String, Integer> nextPerWriter = new HashMap<>();
		for (Map<String, Object> record : all) {
			String[] parts = pk(record).split("-");
			int expected = nextPerWriter.getOrDefault(parts[0], 0);
			assertThat(Integer.parseInt(parts[1])).isEqualTo(expected);
			nextPerWriter.put(parts[0], expected + 1);
		}
		assertThat(f.journal).filteredOn(e -> "stream.record".equals(e.get("type"))).hasSize(WRITERS * PER_WRITER);
	}

	@Test
	void appendsToSeveralStreamsGetDistinctSequenceNumbers() throws Exception {
		StreamFixture f = new StreamFixture(50);
		List<String> arns = new ArrayList<>();
		for (int s = 0; s < 4; s++) {
			arns.add(f.store.enable("Table" + s, "KEYS_ONLY", StreamFixture.KEY_SCHEMA).arn());
		}
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			String arn = arns.get(w % arns.size());
			int writer = w;
			writers.add(this.executor.submit(() -> {
				start.await();
				for (int i = 0; i < PER_WRITER; i++) {
					f.put(arn, writer + "-" + i);
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> writer : writers) {
			writer.get();
		}
		Set<String> sequences = new HashSet<>();
		for (String arn : arns) {
			List<Map<String, Object>> all = new ArrayList<>();
			for (Map<String, Object> shard : f.shards(arn)) {
				all.addAll(f.readAll(arn, (String) shard.get("ShardId")));
			}
			assertThat(all).hasSize(2 * PER_WRITER);
			assertIncreasing(all);
			all.forEach(r -> sequences.add(sequenceNumber(r)));
		}
		assertThat(sequences).hasSize(WRITERS * PER_WRITER);
	}

	private static void assertIncreasing(List<Map<String, Object>> records) {
		BigInteger previous = BigInteger.valueOf(-1);
		for (Map<String, Object> record : records) {
			BigInteger current = new BigInteger(sequenceNumber(record));
			assertThat(current).isGreaterThan(previous);
			previous = current;
		}
	}
}
