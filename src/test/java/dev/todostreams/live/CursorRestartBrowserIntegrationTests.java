package dev.todostreams.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import tools.jackson.databind.JsonNode;

import dev.todostreams.testsupport.TestApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14, cursor keys, in a real browser: when a page of the board's listing is refused as "Cursor no longer
 * valid" ({@code restartListing: true}, e.g. during a key rotation), the board lists again from the first page, once,
 * and shows every todo; when the restarted listing is refused again, it shows the problem instead of looping. The
 * refusal is provoked by the page's own fetch sending a cursor of an unknown key (a script added before the page
 * loads), against the real API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { LiveFeedIntegrationTests.HEARTBEAT })
class CursorRestartBrowserIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** A well-formed cursor whose key id no instance has. */
	private static final String UNKNOWN_KEY_CURSOR = "AAAAAAAA.e30.e30";

	/** Replaces the cursor of the first {@code limit} board pages that have one; records every listing request. */
	private static final String SWAP_CURSORS = """
			window.todoListings = [];
			window.cursorsToSwap = %d;
			const realFetch = window.fetch;
			window.fetch = (input, init) => {
				let url = String(input);
				if (url.startsWith('/api/todos?') && url.includes('cursor=') && window.cursorsToSwap > 0) {
					window.cursorsToSwap--;
					url = url.replace(/cursor=[^&]*/, 'cursor=%s');
				}
				if (url.startsWith('/api/todos?')) {
					window.todoListings.push(url);
				}
				return realFetch(url, init);
			};
			""";

	private static final int TODOS = 105;

	@LocalServerPort
	int port;

	private ChromeDriver driver;

	private ChromeDriverService service;

	private Path profile;

	@BeforeAll
	static void browserInstalled() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"No browser installed: these tests need Debian's chromium and chromium-driver; skipping");
	}

	@BeforeEach
	void moreTodosThanOnePageOfTheBoard() {
		TestApi api = TestApi.on(this.port);
		for (int i = countTodos(api); i < TODOS; i++) {
			api.createTodo("listing " + i, null, null);
		}
	}

	@AfterEach
	void quit() {
		if (this.driver != null) {
			try {
				this.driver.quit();
			}
			finally {
				this.service.stop();
				FileSystemUtils.deleteRecursively(this.profile.toFile());
			}
		}
	}

	@Test
	void theBoardListsAgainOnceWhenACursorIsNoLongerValid() throws IOException {
		WebDriver browser = open(1);
		new WebDriverWait(browser, Duration.ofSeconds(30))
			.until((d) -> "true".equals(d.findElement(By.id("board")).getDomAttribute("data-loaded")));
		assertThat(browser.findElements(By.cssSelector("#board .card"))).hasSize(countTodos(TestApi.on(this.port)));
		assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
		List<String> listings = listings(browser);
		assertThat(listings).as("first page, refused second page, first page again, then its own cursors")
			.hasSizeGreaterThanOrEqualTo(4)
			.startsWith("/api/todos?limit=100", "/api/todos?limit=100&cursor=" + UNKNOWN_KEY_CURSOR,
					"/api/todos?limit=100");
		assertThat(listings.subList(3, listings.size()))
			.allSatisfy((url) -> assertThat(url).startsWith("/api/todos?limit=100&cursor=")
				.doesNotContain(UNKNOWN_KEY_CURSOR));
	}

	@Test
	void theBoardShowsTheProblemWhenTheRestartedListingIsRefusedToo() throws IOException {
		WebDriver browser = open(2);
		new WebDriverWait(browser, Duration.ofSeconds(30))
			.until((d) -> d.findElement(By.id("problem")).isDisplayed());
		assertThat(browser.findElement(By.cssSelector("#problem .problem-title")).getText())
			.isEqualTo("Cursor no longer valid (400)");
		assertThat(listings(browser)).hasSize(4);
	}

	@SuppressWarnings("unchecked")
	private static List<String> listings(WebDriver browser) {
		return new ArrayList<>(
				(List<String>) ((JavascriptExecutor) browser).executeScript("return window.todoListings;"));
	}

	private static int countTodos(TestApi api) {
		int count = 0;
		String cursor = null;
		do {
			JsonNode page = api.get("/api/todos?limit=100" + ((cursor != null) ? "&cursor=" + cursor : "")).expect(200);
			count += page.get("items").size();
			cursor = page.has("nextCursor") ? page.get("nextCursor").stringValue() : null;
		}
		while (cursor != null);
		return count;
	}

	private WebDriver open(int cursorsToSwap) throws IOException {
		this.profile = Files.createTempDirectory("chromium-profile-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + this.profile, "--window-size=1400,1000");
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(this.service, options);
		this.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
				Map.of("source", SWAP_CURSORS.formatted(cursorsToSwap, UNKNOWN_KEY_CURSOR)));
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		return this.driver;
	}

}
