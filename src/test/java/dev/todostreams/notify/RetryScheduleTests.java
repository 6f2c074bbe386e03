package dev.todostreams.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryScheduleTests {

	static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void standardScheduleHasTenAttemptsAndGivesUpAfterTheLast() {
		RetrySchedule schedule = new RetrySchedule(RetrySchedule.STANDARD, 0);
		assertThat(schedule.attempts()).isEqualTo(10);
		assertThat(schedule.delayAfter(1, new Random(1))).contains(Duration.ofSeconds(5));
		assertThat(schedule.delayAfter(2, new Random(1))).contains(Duration.ofMinutes(5));
		assertThat(schedule.delayAfter(9, new Random(1))).contains(Duration.ofHours(24));
		assertThat(schedule.delayAfter(10, new Random(1))).isEmpty();
	}

	@Test
	void jitterStaysWithinItsBoundsAndVaries() {
		RetrySchedule schedule = new RetrySchedule(RetrySchedule.STANDARD, 0.2);
		Random random = new Random(42);
		List<Duration> delays = random.ints(50).mapToObj((i) -> schedule.delayAfter(2, random).orElseThrow()).toList();
		assertThat(delays).allMatch((d) -> d.compareTo(Duration.ofMinutes(4)) >= 0 && d.compareTo(Duration.ofMinutes(6)) <= 0);
		assertThat(delays.stream().distinct().count()).isGreaterThan(10);
	}

	@Test
	void refusesBadSchedules() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetrySchedule(List.of(), 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetrySchedule(RetrySchedule.STANDARD, 1.5));
	}

	@Test
	void retryAfterReadsSecondsAndDatesAndCapsThem() {
		Duration max = Duration.ofHours(1);
		assertThat(RetryAfter.parse("120", NOW, max)).contains(Duration.ofSeconds(120));
		assertThat(RetryAfter.parse(" 0 ", NOW, max)).contains(Duration.ZERO);
		assertThat(RetryAfter.parse("999999", NOW, max)).contains(max);
		assertThat(RetryAfter.parse("99999999999999999999", NOW, max)).contains(max);
		assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:01:30 GMT", NOW, max)).contains(Duration.ofSeconds(90));
		assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", NOW, max)).contains(Duration.ZERO);
		assertThat(RetryAfter.parse("soon", NOW, max)).isEmpty();
		assertThat(RetryAfter.parse("-5", NOW, max)).isEmpty();
		assertThat(RetryAfter.parse(null, NOW, max)).isEmpty();
	}

	@Test
	void twoHundredsAreDelivered() {
		assertThat(decide(204, null, 1).state()).isEqualTo(Delivery.State.DELIVERED);
		assertThat(decide(200, null, 10).state()).isEqualTo(Delivery.State.DELIVERED);
	}

	@Test
	void redirectsAndErrorsAreRetriedOnTheSchedule() {
		DeliveryDecision redirect = decide(302, null, 1);
		assertThat(redirect.state()).isEqualTo(Delivery.State.PENDING);
		assertThat(redirect.nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
		DeliveryDecision noResponse = decide(null, null, 2);
		assertThat(noResponse.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		assertThat(decide(500, null, 10).state()).isEqualTo(Delivery.State.FAILED);
		assertThat(decide(500, null, 10).disableReason()).isNull();
	}

	@Test
	void goneFailsAndDisablesAtOnce() {
		DeliveryDecision gone = decide(410, null, 1);
		assertThat(gone.state()).isEqualTo(Delivery.State.FAILED);
		assertThat(gone.disableReason()).contains("410");
	}

	@Test
	void tooManyRequestsAndUnavailableHonourRetryAfter() {
		assertThat(decide(429, "30", 1).nextAttemptAt()).isEqualTo(NOW.plusSeconds(30));
		assertThat(decide(503, "600", 1).nextAttemptAt()).isEqualTo(NOW.plusSeconds(600));
		assertThat(decide(429, null, 1).nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
		assertThat(decide(500, "30", 1).nextAttemptAt()).as("only 429 and 503").isEqualTo(NOW.plusSeconds(5));
		assertThat(decide(429, "30", 10).state()).as("the schedule still ends").isEqualTo(Delivery.State.FAILED);
	}

	private static DeliveryDecision decide(Integer status, String retryAfter, int attempt) {
		return DeliveryDecision.after(status, retryAfter, attempt, new RetrySchedule(RetrySchedule.STANDARD, 0),
				Duration.ofHours(24), NOW, new Random(1));
	}

}
