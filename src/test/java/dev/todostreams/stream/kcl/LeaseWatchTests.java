package dev.todostreams.stream.kcl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseWatchTests {

	private final AtomicReference<List<LeaseWatch.Observed>> table = new AtomicReference<>(List.of());

	private volatile boolean failing;

	private final LeaseWatch watch = new LeaseWatch(() -> {
		if (this.failing) {
			throw new IllegalStateException("lease table not reachable");
		}
		return this.table.get();
	}, "me", Duration.ofSeconds(3));

	@Test
	void anEarlierHolderSeenJustBeforeTheTermLostTheLeaseAFailoverTimeAfterItsLastCounterWasFirstSeen() {
		this.table.set(List.of(new LeaseWatch.Observed("shard-1", "dead", 7)));
		Instant before = Instant.now();
		this.watch.scan();
		Instant after = Instant.now();
		this.watch.scan(); // the same counter again: first seen stays
		Instant lostBy = this.watch.earlierHoldersLostBy("shard-1", Instant.now());
		assertThat(lostBy).isBetween(before.plusSeconds(3), after.plusSeconds(3));
	}

	@Test
	void aNewCounterMovesTheBound() {
		this.table.set(List.of(new LeaseWatch.Observed("shard-1", "other", 7)));
		this.watch.scan();
		Instant renewed = Instant.now();
		this.table.set(List.of(new LeaseWatch.Observed("shard-1", "other", 8)));
		this.watch.scan();
		assertThat(this.watch.earlierHoldersLostBy("shard-1", Instant.now())).isAfterOrEqualTo(renewed.plusSeconds(3));
	}

	@Test
	void tellsNothingWhenTheLastReadIsOlderThanAFailoverTimeBeforeTheTerm() {
		this.table.set(List.of(new LeaseWatch.Observed("shard-1", "other", 7)));
		this.watch.scan();
		assertThat(this.watch.earlierHoldersLostBy("shard-1", Instant.now().plusSeconds(5))).isNull();
	}

	@Test
	void ignoresItsOwnLeasesUnownedLeasesAndUnknownShards() {
		this.table.set(List.of(new LeaseWatch.Observed("shard-1", "me", 7), new LeaseWatch.Observed("shard-2", null, 3)));
		this.watch.scan();
		assertThat(this.watch.earlierHoldersLostBy("shard-1", Instant.now())).isNull();
		assertThat(this.watch.earlierHoldersLostBy("shard-2", Instant.now())).isNull();
		assertThat(this.watch.earlierHoldersLostBy("shard-3", Instant.now())).isNull();
	}

	@Test
	void aFailedReadChangesNothing() {
		this.table.set(List.of(new LeaseWatch.Observed("arn:stream:shard-1", "other", 7)));
		this.watch.scan();
		this.failing = true;
		this.watch.scan();
		assertThat(this.watch.earlierHoldersLostBy("shard-1", Instant.now())).isNotNull();
	}

}
