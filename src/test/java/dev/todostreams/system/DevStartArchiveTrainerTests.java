package dev.todostreams.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.todostreams.system.DevStartArchiveTrainer.Step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trainer's decisions, and one real archive: a JDK 17 {@code -Xshare:dump} of a small class path laid out as
 * {@code mvn spring-boot:run} lays it out (class-path jar, a directory of own classes, a dependency jar), checked by
 * the JVM itself ({@code -XX:+PrintSharedArchiveAndExit}).
 */
class DevStartArchiveTrainerTests {

	@TempDir
	Path root;

	Path directory;

	Path own;

	Path dependency;

	Path classList;

	@BeforeEach
	void layout() throws Exception {
		this.directory = this.root.resolve("target/dev-start");
		this.own = this.root.resolve("target/classes");
		Path ownClass = this.own.resolve("dev/todostreams/system/DevStartArchive.class");
		Files.createDirectories(ownClass.getParent());
		Files.copy(Path.of(DevStartArchive.class.getResource("DevStartArchive.class").toURI()), ownClass);
		this.dependency = Paths.get(Nullable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		this.classList = this.root.resolve("target/dev-start.classlist");
		Files.write(this.classList, List.of("java/lang/Object id: 0", "org/jspecify/annotations/Nullable",
				"org/jspecify/annotations/NullMarked", "dev/todostreams/system/DevStartArchive"));
	}

	@Test
	void makesAnArchiveTheJvmAcceptsForTheRunsClassPath() throws Exception {
		// the layout works on JDK 17 only (the pom's profiles enable it there; JDK 25 checks every class path directory)
		assumeTrue(Runtime.version().feature() == DevStartArchiveTrainer.SUPPORTED_JDK, "start-up archive: JDK 17 only");
		DevStartArchiveTrainer trainer = trainer(false, this.classList.toString());

		assertThat(trainer.start()).isEqualTo(Step.MAKE);
		assertThat(trainer.awaitIdle(Duration.ofMinutes(2))).isTrue();

		assertThat(this.directory.resolve("deps.jsa")).isRegularFile();
		assertThat(Files.readAllLines(this.directory.resolve("classes.lst"))).contains("org/jspecify/annotations/Nullable")
			.doesNotContain("dev/todostreams/system/DevStartArchive");
		assertThat(Files.readAllLines(this.directory.resolve(DevStartArchiveTrainer.STATE))).element(1).isEqualTo("written");
		assertThat(jvmCheck(this.directory.resolve("deps.jsa"))).contains("archive is valid");
	}

	@Test
	void leavesAMappedArchiveAlone() throws IOException {
		Files.createDirectories(this.directory);
		Files.write(this.directory.resolve("deps.jsa"), new byte[] { 1 });

		DevStartArchiveTrainer trainer = trainer(true, null);

		assertThat(trainer.start()).isEqualTo(Step.MAPPED);
		assertThat(this.directory.resolve("deps.jsa")).exists();
	}

	@Test
	void waitsForATrainingRunWhenThereIsNoClassList() {
		assertThat(trainer(false, null).start()).isEqualTo(Step.WAIT_FOR_TRAINING_RUN);
		assertThat(this.directory.resolve("deps.jsa")).doesNotExist();
	}

	@Test
	void removesAnArchiveMadeForOtherJarsSoTheNextRunMakesOne() throws Exception {
		Files.createDirectories(this.directory);
		Files.write(this.directory.resolve("deps.jsa"), new byte[] { 1 });
		Files.write(this.directory.resolve(DevStartArchiveTrainer.STATE), List.of("another-fingerprint", "written"));
		DevStartArchiveTrainer trainer = trainer(false, null);

		assertThat(trainer.start()).isEqualTo(Step.CHECK_UNUSED);
		assertThat(trainer.awaitIdle(Duration.ofSeconds(30))).isTrue();

		assertThat(this.directory.resolve("deps.jsa")).doesNotExist();
		assertThat(this.directory.resolve(DevStartArchiveTrainer.STATE)).doesNotExist();
	}

	@Test
	void keepsAnArchiveMadeForTheseJarsThatTheJvmRefused() throws Exception {
		DevStartArchiveTrainer trainer = trainer(false, null);
		Files.createDirectories(this.directory);
		Files.write(this.directory.resolve("deps.jsa"), new byte[] { 1 });
		Files.write(this.directory.resolve(DevStartArchiveTrainer.STATE),
				List.of(archive().fingerprint(), "written"), StandardCharsets.UTF_8);

		assertThat(trainer.start()).isEqualTo(Step.CHECK_UNUSED);
		assertThat(trainer.awaitIdle(Duration.ofSeconds(30))).isTrue();

		assertThat(this.directory.resolve("deps.jsa")).exists();
	}

	@Test
	void doesNotRetryAFailedDumpForTheSameClassPath() throws Exception {
		DevStartArchive archive = archive();
		archive.writeClassPathJar();
		Files.write(this.directory.resolve(DevStartArchiveTrainer.STATE), List.of(archive.fingerprint(), "failed with exit 1"),
				StandardCharsets.UTF_8);
		DevStartArchiveTrainer trainer = trainer(false, this.classList.toString());

		assertThat(trainer.start()).isEqualTo(Step.MAKE);
		assertThat(trainer.awaitIdle(Duration.ofSeconds(30))).isTrue();

		assertThat(this.directory.resolve("classes.lst")).doesNotExist();
		assertThat(this.directory.resolve("deps.jsa")).doesNotExist();
	}

	/**
	 * Ctrl-C in a terminal signals the dump's JVM too, and it may end before the run's own shutdown begins: that
	 * is not recorded as a failure (which would never be retried), so the next run writes the archive.
	 */
	@Test
	void aDumpStoppedByASignalIsTriedAgainByTheNextRun() throws Exception {
		for (String signal : List.of("TERM", "KILL")) {
			DevStartArchiveTrainer stopped = trainer(false, this.classList.toString())
				.withDumpCommand((classes, output) -> List.of("sh", "-c", "kill -" + signal + " $$"));

			assertThat(stopped.start()).isEqualTo(Step.MAKE);
			assertThat(stopped.awaitIdle(Duration.ofSeconds(30))).isTrue();

			assertThat(this.directory.resolve(DevStartArchiveTrainer.STATE)).as(signal).doesNotExist();
			assertThat(this.directory.resolve("deps.jsa")).doesNotExist();
		}
		DevStartArchiveTrainer next = trainer(false, this.classList.toString())
			.withDumpCommand((classes, output) -> List.of("sh", "-c", "exit 3"));

		assertThat(next.start()).isEqualTo(Step.MAKE);
		assertThat(next.awaitIdle(Duration.ofSeconds(30))).isTrue();

		// it tried again, and a real failure is still recorded (and then not retried)
		assertThat(Files.readAllLines(this.directory.resolve(DevStartArchiveTrainer.STATE))).element(1)
			.isEqualTo("failed with exit 3");
	}

	@Test
	void refusesALaunchThePomDidNotConfigure() throws IOException {
		DevStartArchive archive = archive();
		DevStartArchiveTrainer notFirst = new DevStartArchiveTrainer(new DevStartArchive(this.directory,
				List.of(this.own.toString(), this.dependency.toString()), Path.of(System.getProperty("java.home"))),
				Duration.ZERO, false, archive.archive().toString(), this.classList.toString());
		assertThat(notFirst.start()).isEqualTo(Step.NONE);

		Files.createDirectories(this.directory);
		Files.write(archive.archive(), new byte[] { 1 });
		DevStartArchiveTrainer otherArchive = new DevStartArchiveTrainer(archive, Duration.ZERO, true,
				this.root.resolve("other.jsa").toString(), null);
		assertThat(otherArchive.start()).isEqualTo(Step.NONE);
		assertThat(archive.archive()).exists();
	}

	@Test
	void staysOffOnOtherJdks() {
		DevStartArchive archive = archive();
		DevStartArchiveTrainer trainer = new DevStartArchiveTrainer(archive, Duration.ZERO, false, null,
				this.classList.toString(), 25);

		assertThat(trainer.start()).isEqualTo(Step.NONE);
		assertThat(this.directory).doesNotExist();
	}

	@Test
	void aTrainingRunNeedsNoArchiveOption() throws Exception {
		DevStartArchiveTrainer trainer = new DevStartArchiveTrainer(archive(), Duration.ofMinutes(5), false, null,
				this.classList.toString());

		assertThat(trainer.start()).isEqualTo(Step.MAKE);
		trainer.destroy();
		assertThat(trainer.awaitIdle(Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void stoppingDuringTheDelayMakesNothing() throws Exception {
		DevStartArchiveTrainer trainer = new DevStartArchiveTrainer(archive(), Duration.ofMinutes(5), false,
				archive().archive().toString(), this.classList.toString());

		assertThat(trainer.start()).isEqualTo(Step.MAKE);
		trainer.destroy();

		assertThat(trainer.awaitIdle(Duration.ofSeconds(30))).isTrue();
		assertThat(this.directory.resolve("classpath.jar")).doesNotExist();
	}

	private DevStartArchiveTrainer trainer(boolean sharing, @Nullable String list) {
		DevStartArchive archive = archive();
		return new DevStartArchiveTrainer(archive, Duration.ZERO, sharing, archive.archive().toString(), list);
	}

	private DevStartArchive archive() {
		return new DevStartArchive(this.directory, classPath(), Path.of(System.getProperty("java.home")));
	}

	private List<String> classPath() {
		return List.of(this.directory.resolve("classpath.jar").toString(), this.own.toString(), this.dependency.toString());
	}

	/** What the JVM says of the archive on the run's class path. */
	private String jvmCheck(Path archive) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit", "-cp",
				String.join(java.io.File.pathSeparator, classPath())));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		return new String(output, StandardCharsets.UTF_8);
	}

}
