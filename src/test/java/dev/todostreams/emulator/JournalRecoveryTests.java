package dev.todostreams.emulator;

import static dev.todostreams.emulator.Fixtures.createPkSk;
import static dev.todostreams.emulator.Fixtures.item;
import static dev.todostreams.emulator.Fixtures.repeat;
import static dev.todostreams.emulator.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The journal reads back everything the emulator accepts, also at DynamoDB's limits, and a record it cannot read
 * (a write torn by {@code kill -9}, a damaged file) never stops a start: the state before it is restored, the bad tail
 * is kept in a side file, and later writes append cleanly.
 */
class JournalRecoveryTests {

	@TempDir
	Path data;

	@TempDir
	Path crashCopy;

	private static final Comparator<Map<String, AttributeValue>> BY_KEY = Comparator
		.comparing((Map<String, AttributeValue> i) -> i.get("pk").s())
		.thenComparing(i -> i.get("sk").s());

	private static List<Map<String, AttributeValue>> all(DynamoDbClient dynamo) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		dynamo.scanPaginator(r -> r.tableName("Tbl").consistentRead(true)).items().forEach(items::add);
		items.sort(BY_KEY);
		return items;
	}

	/** Items at the limits: 32 levels, 400 KB, the longest keys, 38-digit and extreme numbers, any character. */
	static List<Map<String, AttributeValue>> itemsAtTheLimits(Random random) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		items.add(item("pk", s(repeat('\u00e9', 1024)), "sk", s(repeat('\u4e2d', 341) + "x"), "deepMap",
				LimitsContractTests.nested(32, false), "deepList", LimitsContractTests.nested(32, true)));
		items.add(item("pk", s("big"), "sk", s("1"), "v", s(repeat('x', 400 * 1024 - 9))));
		items.add(item("pk", s("numbers"), "sk", s("1"), "max", AttributeValue.fromN("9.9999999999999999999999999999999999999E+125"),
				"min", AttributeValue.fromN("-1E-130"), "digits", AttributeValue.fromN("-12345678901234567890.123456789012345678"),
				"set", AttributeValue.fromNs(List.of("1E+125", "1E-129", "0"))));
		items.add(item("pk", s("text"), "sk", s("\u0000\u0001\"\\/\n\r\t\b\f\u2028\u2029\ud83d\ude00"), "empty", s(""),
				"\ud83d\ude00 name \" \\", s("\u007f\u0080\u07ff\u0800\uffff"), repeat('n', 2000), AttributeValue.fromBool(false),
				"null", AttributeValue.fromNul(true), "emptyList", AttributeValue.fromL(List.of()),
				"emptyMap", AttributeValue.fromM(Map.of())));
		for (int i = 0; i < 60; i++) {
			Map<String, AttributeValue> generated = new LinkedHashMap<>();
			generated.put("pk", s("gen" + i));
			generated.put("sk", s(randomString(random, 1 + random.nextInt(30))));
			int attributes = random.nextInt(6);
			for (int a = 0; a < attributes; a++) {
				generated.put(randomString(random, 1 + random.nextInt(12)), randomValue(random, 1 + random.nextInt(3)));
			}
			items.add(generated);
		}
		return items;
	}

	private static String randomString(Random random, int length) {
		StringBuilder sb = new StringBuilder();
		while (sb.length() < length) {
			int kind = random.nextInt(4);
			int cp = switch (kind) {
				case 0 -> random.nextInt(0x80);
				case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
				case 2 -> 0xE000 + random.nextInt(0x2000);
				default -> 0x10000 + random.nextInt(0x10FFFF - 0x10000);
			};
			sb.appendCodePoint(cp);
		}
		return sb.toString();
	}

	private static AttributeValue randomValue(Random random, int level) {
		int kind = random.nextInt(level >= 32 ? 8 : 10);
		return switch (kind) {
			case 0 -> s(randomString(random, random.nextInt(40)));
			case 1 -> AttributeValue.fromN((random.nextBoolean() ? "-" : "") + (1 + random.nextInt(9)) + "."
					+ Long.toString(Math.abs(random.nextLong())) + "E" + (random.nextInt(240) - 120));
			case 2 -> {
				byte[] bytes = new byte[random.nextInt(64)];
				random.nextBytes(bytes);
				yield AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
			}
			case 3 -> AttributeValue.fromBool(random.nextBoolean());
			case 4 -> AttributeValue.fromNul(true);
			case 5 -> {
				LinkedHashSet<String> set = new LinkedHashSet<>();
				for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
					set.add(randomString(random, 1 + random.nextInt(8)));
				}
				yield AttributeValue.fromSs(List.copyOf(set));
			}
			case 6 -> AttributeValue.fromNs(List.of(Integer.toString(random.nextInt(1000)), "1000.5"));
			case 7 -> AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] { 1 }),
					SdkBytes.fromByteArray(new byte[] { (byte) random.nextInt(256), 2 })));
			case 8 -> {
				List<AttributeValue> list = new ArrayList<>();
				for (int i = 0, n = random.nextInt(4); i < n; i++) {
					list.add(randomValue(random, level + 1));
				}
				yield AttributeValue.fromL(list);
			}
			default -> {
				Map<String, AttributeValue> map = new LinkedHashMap<>();
				for (int i = 0, n = random.nextInt(4); i < n; i++) {
					map.put(randomString(random, 1 + random.nextInt(6)), randomValue(random, level + 1));
				}
				yield AttributeValue.fromM(map);
			}
		};
	}

	@Test
	void everythingAcceptedAtTheLimitsReadsBackAfterACrashAndAfterACleanStop() throws IOException {
		EmulatorOptions options = EmulatorOptions.defaults().withDataDirectory(data);
		List<Map<String, AttributeValue>> written = new ArrayList<>();
		try (DynamoDbEmulator first = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(first.endpoint())) {
			createPkSk(dynamo, "Tbl", ScalarAttributeType.S);
			for (Map<String, AttributeValue> item : itemsAtTheLimits(new Random(13))) {
				dynamo.putItem(r -> r.tableName("Tbl").item(item));
				written.add(item);
			}
			// deeper nesting through an update, up to the limit
			dynamo.updateItem(r -> r.tableName("Tbl").key(item("pk", s("numbers"), "sk", s("1")))
				.updateExpression("SET m = :m").expressionAttributeValues(Map.of(":m", LimitsContractTests.nested(32, false))));
			written = all(dynamo);
			// what kill -9 leaves behind: the journal as appended so far, never compacted
			Files.copy(data.resolve(Journal.FILE), crashCopy.resolve(Journal.FILE));
		}
		written.sort(BY_KEY);
		try (DynamoDbEmulator afterCrash = DynamoDbEmulator.start(EmulatorOptions.defaults().withDataDirectory(crashCopy));
				DynamoDbClient dynamo = EmulatorExtension.syncClient(afterCrash.endpoint())) {
			assertThat(all(dynamo)).isEqualTo(written);
		}
		try (DynamoDbEmulator afterStop = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(afterStop.endpoint())) {
			assertThat(all(dynamo)).isEqualTo(written);
		}
		assertThat(sideFiles(data)).isEmpty();
		assertThat(sideFiles(crashCopy)).isEmpty();
	}

	private static List<Path> sideFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(f -> f.getFileName().toString().startsWith(Journal.FILE + ".unreadable-")).toList();
		}
	}

	private void seedTwoItems() {
		try (DynamoDbEmulator first = DynamoDbEmulator.start(EmulatorOptions.defaults().withDataDirectory(data));
				DynamoDbClient dynamo = EmulatorExtension.syncClient(first.endpoint())) {
			createPkSk(dynamo, "Tbl", ScalarAttributeType.S);
			dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("a"), "sk", s("1"))));
			dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("b"), "sk", s("1"))));
		}
	}

	@Test
	void aTornLastRecordIsSetAsideAndLaterWritesSurviveTheNextRestart() throws IOException {
		seedTwoItems();
		byte[] torn = "{\"k\":\"put\",\"t\":\"Tbl\",\"i\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"S\":\"\u00e9".getBytes(StandardCharsets.UTF_8);
		// cut inside the two bytes of the last character, as a crash can
		byte[] cut = java.util.Arrays.copyOf(torn, torn.length - 1);
		Files.write(data.resolve(Journal.FILE), cut, StandardOpenOption.APPEND);
		EmulatorOptions options = EmulatorOptions.defaults().withDataDirectory(data);
		try (DynamoDbEmulator second = DynamoDbEmulator.start(options);
				DynamoDbClient dynamo = EmulatorExtension.syncClient(second.endpoint())) {
			assertThat(all(dynamo)).extracting(i -> i.get("pk").s()).containsExactly("a", "b");
			List<Path> side = sideFiles(data);
			assertThat(side).hasSize(1);
			assertThat(Files.readAllBytes(side.get(0))).isEqualTo(cut);
			dynamo.putItem(r -> r.tableName("Tbl").item(item("pk", s("d"), "sk", s("1"))));
			// the crash image of this run: the write after the cut must not be glued to the torn bytes
			Files.copy(data.resolve(Journal.FILE), crashCopy.resolve(Journal.FILE));
		}
		try (DynamoDbEmulator third = DynamoDbEmulator.start(EmulatorOptions.defaults().withDataDirectory(crashCopy));
				DynamoDbClient dynamo = EmulatorExtension.syncClient(third.endpoint())) {
			assertThat(all(dynamo)).extracting(i -> i.get("pk").s()).containsExactly("a", "b", "d");
			assertThat(sideFiles(crashCopy)).isEmpty();
		}
	}

	@Test
	void anUnreadableRecordInsideTheJournalKeepsEverythingAfterItAside() throws IOException {
		seedTwoItems();
		Path journal = data.resolve(Journal.FILE);
		List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
		// the table and one item, then a damaged record, then the other item (the snapshot writes items in storage
		// order, which is hash order: either of the two may be last)
		String damaged = "{\"k\":\"put\",\"t\":\"Tbl\",\"i\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
		List<String> rewritten = new ArrayList<>(lines.subList(0, lines.size() - 1));
		rewritten.add(damaged);
		rewritten.add(lines.get(lines.size() - 1));
		Files.write(journal, rewritten, StandardCharsets.UTF_8);
		String kept = lines.get(lines.size() - 1).contains("{\"S\":\"a\"}") ? "b" : "a";
		try (DynamoDbEmulator second = DynamoDbEmulator.start(EmulatorOptions.defaults().withDataDirectory(data));
				DynamoDbClient dynamo = EmulatorExtension.syncClient(second.endpoint())) {
			assertThat(all(dynamo)).extracting(i -> i.get("pk").s()).containsExactly(kept);
			List<Path> side = sideFiles(data);
			assertThat(side).hasSize(1);
			assertThat(Files.readAllLines(side.get(0), StandardCharsets.UTF_8)).containsExactly(damaged,
					lines.get(lines.size() - 1));
		}
	}
}
