package dev.todostreams.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.todostreams.TodoStreamsApplication;
import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.live.SseClient.Event;
import dev.todostreams.stream.config.StreamConsumerLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Several instances behind one load balancer (issue 14): one standalone emulator and two application instances
 * sharing its tables, stream and change log, as README "Several instances on one machine" runs them. Every SSE
 * client sees every change whichever instance processed it, resumes from the change log on any instance, and keeps
 * getting every change when the other instance dies. The last test kills an instance, so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static DynamoDbEmulator emulator;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		emulator = DynamoDbEmulator.start();
		// instances that share tables share the key of the webhook secrets in them
		byte[] secretKey = new byte[32];
		new SecureRandom().nextBytes(secretKey);
		String key = Base64.getEncoder().encodeToString(secretKey);
		a = run(key, "multi-a");
		b = run(key, "multi-b");
		// both consumers run (they start in the background) before the tests time anything
		for (ConfigurableApplicationContext context : List.of(a, b)) {
			await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
				.until(() -> TestApi.on(port(context)).get("/actuator/health/readiness").expect(200) != null);
		}
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { a, b }) {
			if (context != null && context.isActive()) {
				context.close();
			}
		}
		if (emulator != null) {
			emulator.close();
		}
	}

	@Test
	@Order(1)
	void aChangeMadeThroughASeenByAnSseClientOfB() throws Exception {
		try (SseClient onB = SseClient.connect(port(b), null); SseClient onA = SseClient.connect(port(a), null)) {
			TestApi api = TestApi.on(port(a));
			String id = api.createTodo("Across instances " + UUID.randomUUID(), null, null);
			api.setStatus(id, "In Progress");
			api.setStatus(id, "completed");
			await().atMost(WAIT).until(() -> onB.changesOf(id).size() == 3 && onA.changesOf(id).size() == 3);
			assertThat(onB.changesOf(id)).extracting((e) -> e.json().get("to").stringValue())
				.containsExactly("Not Started", "In Progress", "completed");
			assertThat(onB.changesOf(id)).extracting(Event::id)
				.as("the same log positions on both instances")
				.containsExactlyElementsOf(onA.changesOf(id).stream().map(Event::id).toList());
		}
	}

	@Test
	@Order(2)
	void aReconnectToBWithLastEventIdGetsWhatItMissedFromTheLog() throws Exception {
		TestApi viaA = TestApi.on(port(a));
		String id = viaA.createTodo("Resume on B " + UUID.randomUUID(), null, null);
		String lastSeen;
		try (SseClient first = SseClient.connect(port(b), null)) {
			viaA.setStatus(id, "In Progress");
			await().atMost(WAIT).until(() -> started(first, id) != null);
			lastSeen = started(first, id).id();
		}
		viaA.setStatus(id, "completed");
		viaA.patch("/api/todos/" + id, "{\"task\":\"Resumed, renamed\"}").expect(200);
		// both are in the log (written by whichever consumer holds the shard) before B is asked again
		await().atMost(WAIT).until(() -> changesInLog(TestApi.on(port(b)), lastSeen, id).size() == 2);
		try (SseClient second = SseClient.connect(port(b), lastSeen)) {
			await().atMost(WAIT).until(() -> second.changesOf(id).size() == 2);
			assertThat(second.changesOf(id)).extracting((e) -> e.json().get("from").stringValue() + " -> "
					+ e.json().get("to").stringValue())
				.containsExactly("In Progress -> completed", "completed -> completed");
			assertThat(second.events()).extracting(Event::name).doesNotContain(FeedEvent.RESET);
		}
	}

	@Test
	@Order(3)
	void pagingWithSinceAlternatingBetweenInstancesMissesNothing() {
		TestApi viaA = TestApi.on(port(a));
		TestApi viaB = TestApi.on(port(b));
		String since = viaB.get("/api/changes/recent?limit=1").expect(200).get("lastEventId").stringValue();
		String id = viaA.createTodo("Paged " + UUID.randomUUID(), null, null);
		viaB.setStatus(id, "In Progress");
		viaA.setStatus(id, "completed");
		List<String> seen = new ArrayList<>();
		String[] next = { since };
		int[] page = { 0 };
		await().atMost(WAIT).until(() -> {
			TestApi api = (page[0]++ % 2 == 0) ? viaA : viaB;
			JsonNode body = api.get("/api/changes?since=" + next[0] + "&limit=2").expect(200);
			body.get("items").forEach((item) -> {
				if ("change".equals(item.get("type").stringValue())
						&& id.equals(item.get("change").get("todoId").stringValue())) {
					seen.add(item.get("change").get("to").stringValue());
				}
			});
			next[0] = body.get("next").stringValue();
			return seen.size() >= 3;
		});
		assertThat(seen).containsExactly("Not Started", "In Progress", "completed");
	}

	@Test
	@Order(4)
	void twoBrowserWindowsOnTwoInstancesBothShowAChange() throws Exception {
		Path chromium = Path.of("/usr/bin/chromium");
		Path chromedriver = Path.of("/usr/bin/chromedriver");
		assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
				"No browser installed: this test needs Debian's chromium and chromium-driver; skipping it");
		List<Window> windows = new ArrayList<>();
		try {
			WebDriver onA = open(windows, chromium, chromedriver, port(a));
			WebDriver onB = open(windows, chromium, chromedriver, port(b));
			TestApi api = TestApi.on(port(a));
			String id = api.createTodo("Two windows " + UUID.randomUUID(), null, null);
			api.setStatus(id, "In Progress");
			for (WebDriver window : List.of(onA, onB)) {
				wait(window).until(ExpectedConditions
					.presenceOfElementLocated(By.cssSelector(".column[data-status='In Progress'] #todo-" + id)));
				wait(window).until(ExpectedConditions.presenceOfElementLocated(By.xpath(
						"//ol[@id='feed']/li[.//strong[normalize-space()='" + id + ": Not Started -> In Progress']]")));
			}
		}
		finally {
			for (Window window : windows) {
				try {
					window.driver().quit();
				}
				finally {
					window.service().stop();
					FileSystemUtils.deleteRecursively(window.profile().toFile());
				}
			}
		}
	}

	@Test
	@Order(5)
	void killingTheShardHolderLeavesEveryChangeInTheOthersFeed() throws Exception {
		TestApi viaA = TestApi.on(port(a));
		List<String> todos = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			todos.add(viaA.createTodo("Survive " + UUID.randomUUID(), null, null));
		}
		boolean aHolds = !shards(a).isEmpty();
		ConfigurableApplicationContext holder = aHolds ? a : b;
		ConfigurableApplicationContext survivor = aHolds ? b : a;
		TestApi viaHolder = TestApi.on(port(holder));
		TestApi viaSurvivor = TestApi.on(port(survivor));
		Map<String, Long> acked = new ConcurrentHashMap<>();
		try (SseClient feed = SseClient.connect(port(survivor), null)) {
			String[] statuses = { "In Progress", "completed", "Not Started" };
			for (int i = 0; i < 12; i++) {
				String id = todos.get(i % todos.size());
				JsonNode todo = ((i % 2 == 0) ? viaHolder : viaSurvivor).setStatus(id, statuses[i % 3]);
				acked.put(id + " v" + todo.get("version").asLong(), todo.get("version").asLong());
			}
			holder.getBean(StreamConsumerLifecycle.class).kill();
			holder.close();
			for (int i = 0; i < 12; i++) {
				String id = todos.get(i % todos.size());
				JsonNode todo = viaSurvivor.setStatus(id, statuses[(i + 1) % 3]);
				acked.put(id + " v" + todo.get("version").asLong(), todo.get("version").asLong());
			}
			Function<Event, String> key = (e) -> e.json().get("todoId").stringValue() + " v"
					+ e.json().get("version").asLong();
			await().atMost(Duration.ofMinutes(2))
				.until(() -> changes(feed).stream().map(key).collect(Collectors.toSet()).containsAll(acked.keySet()));
			Map<String, Long> shown = changes(feed).stream()
				.map(key)
				.filter(acked::containsKey)
				.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
			assertThat(shown).as("every acknowledged change once").hasSize(acked.size()).allSatisfy((change, times) -> assertThat(times).isEqualTo(1L));
		}
	}

	private static List<Event> changes(SseClient feed) {
		return feed.events().stream().filter((e) -> e.name().equals(FeedEvent.CHANGE)).toList();
	}

	private static List<String> shards(ConfigurableApplicationContext context) {
		List<String> shards = new ArrayList<>();
		TestApi.on(port(context)).get("/actuator/health").expect(200).at("/components/stream/details/shards")
			.forEach((shard) -> shards.add(shard.asString()));
		return shards;
	}

	private static List<JsonNode> changesInLog(TestApi api, String since, String todoId) {
		List<JsonNode> changes = new ArrayList<>();
		api.get("/api/changes?since=" + since + "&limit=1000").expect(200).get("items").forEach((item) -> {
			if ("change".equals(item.get("type").stringValue())
					&& todoId.equals(item.get("change").get("todoId").stringValue())) {
				changes.add(item);
			}
		});
		return changes;
	}

	private static Event started(SseClient sse, String todoId) {
		return sse.changesOf(todoId)
			.stream()
			.filter((e) -> "In Progress".equals(e.json().get("to").stringValue()))
			.findFirst()
			.orElse(null);
	}

	private static WebDriver open(List<Window> windows, Path chromium, Path chromedriver, int port)
			throws IOException {
		Path profile = Files.createTempDirectory("chromium-profile-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--window-size=1400,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		windows.add(new Window(driver, service, profile));
		driver.get("http://127.0.0.1:" + port + "/");
		wait(driver).until((d) -> "true".equals(d.findElement(By.id("board")).getDomAttribute("data-loaded"))
				&& "live".equals(d.findElement(By.id("feed-status")).getDomAttribute("data-state")));
		return driver;
	}

	private static FluentWait<WebDriver> wait(WebDriver browser) {
		return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
	}

	private static ConfigurableApplicationContext run(String key, String workerId) {
		return new SpringApplicationBuilder(TodoStreamsApplication.class).run("--spring.profiles.active=localstack",
				"--todo.security.mode=local", "--spring.cloud.aws.endpoint=" + emulator.endpoint(),
				// (the localstack profile waits up to 30 s on an empty lease table unless told it need not)
				"--todo.stream.timing.skip-empty-lease-table-wait=true",
				"--todo.webhooks.encryption.key=" + key, "--todo.stream.worker-id=" + workerId, "--server.port=0",
				"--todo.live.heartbeat=200ms");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private record Window(WebDriver driver, ChromeDriverService service, Path profile) {
	}

}
