package dev.todostreams.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import dev.todostreams.testsupport.TestApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web front end in a real browser: Debian's headless Chromium driven by Selenium through the system's
 * chromedriver (no driver download), against the app on the embedded emulator with the real stream consumer.
 * Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { LiveFeedIntegrationTests.HEARTBEAT })
class BrowserIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	private final List<Browser> browsers = new ArrayList<>();

	@BeforeAll
	static void browserInstalled() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"No browser installed: these tests need Debian's chromium and chromium-driver "
						+ "(/usr/bin/chromium, /usr/bin/chromedriver); skipping the browser tests");
	}

	@AfterEach
	void quit() {
		for (Browser browser : this.browsers) {
			try {
				browser.driver().quit();
			}
			finally {
				browser.service().stop();
				FileSystemUtils.deleteRecursively(browser.profile().toFile());
			}
		}
	}

	@Test
	void createStartAndCompleteATodoAndWatchTheFeed() throws IOException {
		WebDriver browser = open("/");
		String task = "Write report " + unique();
		WebElement taskInput = browser.findElement(By.id("new-task"));
		taskInput.sendKeys(task);
		setValue(browser, By.id("new-due"), "2024-03-25");
		taskInput.sendKeys(Keys.ENTER);

		String id = wait(browser).until((d) -> cardWithTask(d, task)).getDomAttribute("data-todo-id");
		WebElement created = card(browser, "Not Started", id);
		assertThat(created.getDomAttribute("class")).as("due 2024-03-25 and not done").contains("overdue");
		assertThat(created.findElement(By.cssSelector(".overdue-badge")).getText()).isEqualToIgnoringCase("Overdue");

		WebElement start = created.findElement(By.cssSelector("[data-action='forward']"));
		assertThat(start.getText()).isEqualTo("Start");
		start.sendKeys(Keys.ENTER);
		WebElement inProgress = card(browser, "In Progress", id);
		WebElement complete = inProgress.findElement(By.cssSelector("[data-action='forward']"));
		assertThat(complete.getText()).isEqualTo("Complete");
		complete.click();

		WebElement done = card(browser, "completed", id);
		assertThat(done.getDomAttribute("class")).doesNotContain("overdue");
		// the entry is re-rendered when its delivery outcomes arrive: find it again on every look
		String time = wait(browser).until((d) -> {
			String text = feedEntry(d, id + ": In Progress -> completed").findElement(By.tagName("time")).getText();
			return text.isBlank() ? null : text;
		});
		assertThat(time).isNotBlank();
		feedEntry(browser, id + ": Not Started -> In Progress");
		feedEntry(browser, id + ": created -> Not Started");
		assertThat(browser.findElement(By.cssSelector(".column[data-status='completed'] .count")).getText())
			.isNotEqualTo("0");

		screenshot(browser, "board-and-feed.png");
		elementScreenshot(browser.findElement(By.cssSelector("aside.feed")), "feed.png");
	}

	@Test
	void aSecondWindowFollowsEveryChangeWithoutReloading() throws IOException {
		WebDriver first = open("/");
		WebDriver second = open("/");
		((JavascriptExecutor) second).executeScript("window.notReloaded = true;");
		String task = "Shared " + unique();
		first.findElement(By.id("new-task")).sendKeys(task, Keys.ENTER);
		String id = wait(first).until((d) -> cardWithTask(d, task)).getDomAttribute("data-todo-id");

		card(second, "Not Started", id).findElement(By.cssSelector("[data-action='forward']")).click();
		card(first, "In Progress", id);

		TestApi.on(this.port).setStatus(id, "completed");
		card(first, "completed", id);
		card(second, "completed", id);
		feedEntry(first, id + ": In Progress -> completed");
		feedEntry(second, id + ": In Progress -> completed");
		assertThat(((JavascriptExecutor) second).executeScript("return window.notReloaded === true;"))
			.isEqualTo(Boolean.TRUE);
		screenshot(second, "second-window.png");
	}

	@Test
	void invalidInputShowsTheProblemTheApiReported() throws IOException {
		WebDriver browser = open("/");
		// the header says who is using the board: in the default mode the local developer, with nothing to sign out of
		wait(browser).until((d) -> d.findElement(By.id("account")).getText().contains("Local developer"));
		assertThat(browser.findElements(By.cssSelector("#account form"))).isEmpty();
		browser.findElement(By.cssSelector("#create-form button[type='submit']")).click();
		WebElement problem = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
		assertThat(problem.getDomAttribute("role")).isEqualTo("alert");
		assertThat(problem.getDomAttribute("data-status")).isEqualTo("400");
		assertThat(problem.getText()).contains("Invalid todo").contains("task must not be empty").doesNotContain("null");
		assertThat(browser.findElement(By.id("new-task")).getDomAttribute("aria-invalid")).isEqualTo("true");
		assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("new-task");
		screenshot(browser, "invalid-input.png");
		problem.findElement(By.xpath(".//button[normalize-space()='Dismiss']")).click();
		wait(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.id("problem")));
	}

	@Test
	void savingAStaleEditIsRefusedAndOffersToReload() throws IOException {
		TestApi api = TestApi.on(this.port);
		String id = api.createTodo("Conflict " + unique(), null, null);
		WebDriver browser = open("/");
		card(browser, "Not Started", id).findElement(By.cssSelector("[data-action='edit']")).click();
		WebElement editTask = browser.findElement(By.id("edit-task-" + id));
		editTask.clear();
		editTask.sendKeys("Mine");

		api.patch("/api/todos/" + id, "{\"task\":\"Theirs\"}").expect(200);
		wait(browser).until((d) -> "2".equals(d.findElement(By.id("todo-" + id)).getDomAttribute("data-version")));
		assertThat(browser.findElement(By.id("edit-task-" + id)).getDomProperty("value"))
			.as("a live update keeps the edit in progress")
			.isEqualTo("Mine");
		browser.findElement(By.cssSelector("#todo-" + id + " .edit-form button[type='submit']")).click();

		WebElement problem = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
		assertThat(problem.getDomAttribute("data-status")).isEqualTo("412");
		assertThat(problem.getText()).contains("Changed elsewhere").doesNotContain("null");
		screenshot(browser, "conflict.png");
		problem.findElement(By.xpath(".//button[normalize-space()='Reload " + id + "']")).click();
		wait(browser).until((d) -> "Theirs".equals(d.findElement(By.cssSelector("#todo-" + id + " .task")).getText()));
		assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
	}

	@Test
	void onAPhoneTheColumnsAndTheFeedStack() throws IOException {
		WebDriver browser = open("/");
		browser.manage().window().setSize(new Dimension(390, 844));
		wait(browser).until((d) -> {
			List<WebElement> columns = d.findElements(By.cssSelector(".column"));
			return columns.get(0).getRect().getX() == columns.get(1).getRect().getX();
		});
		WebElement board = browser.findElement(By.id("board"));
		WebElement feed = browser.findElement(By.cssSelector("aside.feed"));
		assertThat(feed.getRect().getY()).isGreaterThan(board.getRect().getY());
		assertThat(browser.findElement(By.id("new-task")).getRect().getWidth()).isLessThanOrEqualTo(390);
		screenshot(browser, "phone.png");
	}

	@Test
	void addAWebhookSeeItsSecretOnceAndItsDeliveries() throws IOException {
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hook", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		String subscriptionId = null;
		try {
			String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
			WebDriver browser = open("/webhooks.html");
			wait(browser).until((d) -> d.findElements(By.cssSelector("#wh-from option")).size() > 3);
			browser.findElement(By.id("wh-url")).sendKeys(url);
			browser.findElement(By.id("wh-description")).sendKeys("UI test receiver");
			browser.findElement(By.cssSelector("#wh-from option[value='In Progress']")).click();
			browser.findElement(By.cssSelector("#wh-to option[value='completed']")).click();
			browser.findElement(By.cssSelector("#webhook-form button[type='submit']")).click();

			WebElement secret = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-value")));
			assertThat(secret.getDomProperty("value")).startsWith("whsec_");
			WebElement row = wait(browser).until((d) -> d.findElements(By.cssSelector("#subscriptions tbody tr"))
				.stream()
				.filter((r) -> r.getText().contains(url))
				.findFirst()
				.orElse(null));
			subscriptionId = row.getDomAttribute("data-subscription-id");
			assertThat(row.getText()).contains("In Progress -> completed").contains("enabled");
			screenshot(browser, "webhooks-secret.png");
			browser.findElement(By.id("secret-done")).click();
			assertThat(browser.findElement(By.id("secret")).isDisplayed()).isFalse();

			TestApi api = TestApi.on(this.port);
			String id = api.createTodo("Hooked " + unique(), null, null);
			api.setStatus(id, "In Progress");
			api.setStatus(id, "completed");
			WebElement deliveriesButton = row.findElement(By.xpath(".//button[normalize-space()='Deliveries']"));
			// the list is read when asked for: ask again until the delivery is there (each answer re-renders it)
			String deliveredRow = wait(browser).until((d) -> {
				deliveriesButton.click();
				return d.findElements(By.cssSelector("#deliveries-table tbody tr[data-state='delivered']"))
					.stream()
					.map(WebElement::getText)
					.filter((text) -> text.contains(id))
					.findFirst()
					.orElse(null);
			});
			assertThat(deliveredRow).contains("todo.status_changed").contains("HTTP 204");
			wait(browser).ignoreAll(List.of(StaleElementReferenceException.class, java.util.NoSuchElementException.class))
				.until((d) -> {
				d.findElements(By.cssSelector("#deliveries-table tbody tr[data-state='delivered']"))
					.stream()
					.filter((r) -> r.getText().contains(id))
					.findFirst()
					.orElseThrow()
					.findElement(By.xpath(".//button[normalize-space()='Redeliver']"))
					.click();
				return true;
			});
			wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("deliveries-status"),
					"Redelivery of " + id));
			screenshot(browser, "webhooks-deliveries.png");

			// the board's feed shows the delivery the change caused, with its outcome
			WebDriver board = open("/");
			wait(board).until((d) -> feedEntry(d, id + ": In Progress -> completed").findElements(By.cssSelector(".delivery[data-state='delivered']"))
				.stream()
				.anyMatch((delivery) -> delivery.getText().contains(url) && delivery.getText().contains("HTTP 204")));
			elementScreenshot(board.findElement(By.cssSelector("aside.feed")), "feed-with-deliveries.png");
		}
		finally {
			if (subscriptionId != null) {
				TestApi.on(this.port).delete("/api/webhooks/" + subscriptionId).expect(204);
			}
			receiver.stop(0);
		}
	}

	private WebDriver open(String path) throws IOException {
		Path profile = Files.createTempDirectory("chromium-profile-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--window-size=1400,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		this.browsers.add(new Browser(driver, service, profile));
		driver.get("http://127.0.0.1:" + this.port + path);
		if (path.equals("/")) {
			wait(driver).until((d) -> "true".equals(d.findElement(By.id("board")).getDomAttribute("data-loaded"))
					&& "live".equals(d.findElement(By.id("feed-status")).getDomAttribute("data-state")));
		}
		return driver;
	}

	/** Waits that look again when live updates replace an element between finding and reading it. */
	private static FluentWait<WebDriver> wait(WebDriver browser) {
		return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
	}

	private static WebElement cardWithTask(WebDriver browser, String task) {
		return browser.findElements(By.cssSelector("#board .card"))
			.stream()
			.filter((card) -> card.findElement(By.cssSelector(".task")).getText().equals(task))
			.findFirst()
			.orElse(null);
	}

	/** Waits until the todo's card is in the status's column. */
	private static WebElement card(WebDriver browser, String status, String id) {
		return wait(browser).until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector(".column[data-status='" + status + "'] #todo-" + id)));
	}

	private static WebElement feedEntry(WebDriver browser, String line) {
		return wait(browser).until(ExpectedConditions
			.presenceOfElementLocated(By.xpath("//ol[@id='feed']/li[.//strong[normalize-space()='" + line + "']]")));
	}

	private static void setValue(WebDriver browser, By input, String value) {
		((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", browser.findElement(input),
				value);
	}

	private static void screenshot(WebDriver browser, String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	private static void elementScreenshot(WebElement element, String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Files.copy(element.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
				StandardCopyOption.REPLACE_EXISTING);
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private record Browser(WebDriver driver, ChromeDriverService service, Path profile) {
	}

}
