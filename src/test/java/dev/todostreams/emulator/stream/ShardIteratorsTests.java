package dev.todostreams.emulator.stream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.todostreams.emulator.api.AwsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardIteratorsTests {

	private static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Todos/stream/2026-11-25T18:30:32.291";

	@Test
	void roundTrips() {
		String iterator = ShardIterators.encode(ARN, "shardId-00000001795631432291-0badf00d", 42, 1234567);
		assertThat(ShardIterators.decode(iterator))
			.isEqualTo(new ShardIterators.Position(ARN, "shardId-00000001795631432291-0badf00d", 42, 1234567));
	}

	@Test
	void roundTripsTheTrimHorizonMarker() {
		String iterator = ShardIterators.encode(ARN, "s", ShardIterators.TRIM_HORIZON, 0);
		assertThat(ShardIterators.decode(iterator).afterSequence()).isEqualTo(ShardIterators.TRIM_HORIZON);
	}

	@Test
	void isUrlSafeText() {
		assertThat(ShardIterators.encode(ARN, "shardId-1", 1, 2)).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void refusesChangedContent() {
		String forged = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("s1|" + ARN + "|shardId-1|5|7|0").getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> ShardIterators.decode(forged)).isInstanceOf(AwsException.class)
			.hasMessage("Invalid ShardIterator");
	}

	@Test
	void refusesGarbage() {
		for (String garbage : new String[] { "", "%%%", "aGVsbG8", "czF8YXxifGN8ZHxl" }) {
			assertThatThrownBy(() -> ShardIterators.decode(garbage)).as(garbage)
				.isInstanceOf(AwsException.class)
				.extracting("type")
				.isEqualTo("ValidationException");
		}
	}
}
