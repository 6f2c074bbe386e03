package dev.todostreams.system;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Makes the start-up archive of {@code mvn spring-boot:run} ({@link DevStartArchive}). A run without the archive is a
 * training run (the pom's {@code dev-start-training} profile, active while the archive is missing, adds
 * {@code -XX:DumpLoadedClassList}: recording the class list costs a start about half a second, so later runs go
 * without): a while after the application is ready (so the list holds the stream consumer's and a first request's
 * classes too), a second JVM of the same JDK runs {@code -Xshare:dump} in the background for about half a minute.
 * The next start maps the dependency classes instead of loading them. When the dependencies change, the archive no
 * longer fits the class path and the JVM ignores it; this removes it, so the next run trains again. An archive is
 * tried once per fingerprint (JDK, class path, jars): one the JVM refuses for its own fingerprint is reported, not
 * made again.
 */
@Slf4j
class DevStartArchiveTrainer implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	static final String STATE = "archive.state";

	/**
	 * The JDK whose archive code skips the class path directories behind the archive's last entry; JDK 25 refuses
	 * an archive as soon as one is non-empty (measured: "directory is not empty: target/classes"). The pom's
	 * profiles set the archive options on this JDK only.
	 */
	static final int SUPPORTED_JDK = 17;

	/** Signals that stop a dump with its run (hang-up, Ctrl-C, kill, termination): exit codes 128 + these. */
	private static final Set<Integer> STOPPING_SIGNALS = Set.of(1, 2, 9, 15);

	private final DevStartArchive archive;

	private final Duration delay;

	private final boolean sharing;

	private final @Nullable String sharedArchiveFile;

	private final @Nullable String classList;

	private final int jdk;

	private volatile @Nullable Process dump;

	private volatile boolean stopped;

	private volatile @Nullable Thread worker;

	/** The command that writes the archive: the JDK's {@code -Xshare:dump} (tests put a stand-in in its place). */
	private BiFunction<Path, Path, List<String>> dumpCommand;

	DevStartArchiveTrainer(DevStartArchive archive, Duration delay, boolean sharing, @Nullable String sharedArchiveFile,
			@Nullable String classList) {
		this(archive, delay, sharing, sharedArchiveFile, classList, SUPPORTED_JDK);
	}

	DevStartArchiveTrainer(DevStartArchive archive, Duration delay, boolean sharing, @Nullable String sharedArchiveFile,
			@Nullable String classList, int jdk) {
		this.jdk = jdk;
		this.archive = archive;
		this.delay = delay;
		this.sharing = sharing;
		this.sharedArchiveFile = sharedArchiveFile;
		this.classList = classList;
		this.dumpCommand = archive::dumpCommand;
	}

	/** Runs {@code command} (given the class list and the archive to write) instead of the JDK's dump (tests). */
	DevStartArchiveTrainer withDumpCommand(BiFunction<Path, Path, List<String>> command) {
		this.dumpCommand = command;
		return this;
	}

	/** The trainer of this JVM: its class path, its JDK, whether it shares classes and its archive options. */
	static DevStartArchiveTrainer forThisJvm(Path directory, Duration delay) {
		DevStartArchive archive = new DevStartArchive(directory,
				Arrays.asList(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)),
				Path.of(System.getProperty("java.home")));
		boolean sharing = System.getProperty("java.vm.info", "").contains("sharing");
		return new DevStartArchiveTrainer(archive, delay, sharing, vmOption("SharedArchiveFile"),
				vmOption("DumpLoadedClassList"), Runtime.version().feature());
	}

	/** What a start does about the archive. */
	enum Step {

		/** the launch cannot use an archive (not started by the pom's run configuration) */
		NONE,
		/** the JVM maps the archive */
		MAPPED,
		/** no archive and no class list to make one from: the next run (a training run) makes it */
		WAIT_FOR_TRAINING_RUN,
		/** the archive exists but the JVM did not map it: check whether it was made for other jars */
		CHECK_UNUSED,
		/** no archive, and this run records its class list: make the archive */
		MAKE

	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		start();
	}

	/** Decides what this start does about the archive and starts the background work it needs. */
	Step start() {
		if (this.jdk != SUPPORTED_JDK) {
			log.info("No start-up archive on JDK {}: it works on JDK {} only (later JDKs refuse an archive while a "
					+ "class path directory such as target/classes is not empty)", this.jdk, SUPPORTED_JDK);
			return Step.NONE;
		}
		String problem = this.archive.launchProblem();
		if (problem != null) {
			log.info("No start-up archive for this run: {} (mvn spring-boot:run sets this up; see README)", problem);
			return Step.NONE;
		}
		boolean named = this.archive.isArchive(this.sharedArchiveFile);
		boolean exists = Files.isRegularFile(this.archive.archive());
		Step step;
		if (exists && named) {
			if (this.sharing) {
				log.info("Dependency classes mapped from the start-up archive {}", this.archive.archive());
				return Step.MAPPED;
			}
			step = Step.CHECK_UNUSED;
		}
		else if (exists) {
			log.info("No start-up archive for this run: the JVM was not started with -XX:SharedArchiveFile={}",
					this.archive.archive());
			return Step.NONE;
		}
		else if (this.classList == null || this.classList.isBlank()) {
			log.info("No start-up archive in {} and this run records no class list (-XX:DumpLoadedClassList); the "
					+ "next mvn spring-boot:run makes one", this.archive.directory());
			return Step.WAIT_FOR_TRAINING_RUN;
		}
		else {
			step = Step.MAKE;
		}
		Thread thread = new Thread((step == Step.MAKE) ? this::makeArchive : this::dropUnusedArchive,
				"start-up-archive");
		thread.setDaemon(true);
		this.worker = thread;
		thread.start();
		return step;
	}

	/**
	 * The archive exists but the JVM did not map it: made for other jars (the dependencies changed), it goes, and the
	 * next run makes a new one; made for these very jars, the JVM refuses it for another reason, which is reported.
	 */
	void dropUnusedArchive() {
		try {
			List<String> last = lastAttempt();
			if (!last.isEmpty() && last.get(0).equals(this.archive.fingerprint())) {
				log.warn("The JVM did not map the start-up archive {} although it was made for this class path; start "
						+ "with -Dspring-boot.run.jvmArguments=-Xlog:cds to see why", this.archive.archive());
				return;
			}
			Files.deleteIfExists(this.archive.archive());
			Files.deleteIfExists(this.archive.directory().resolve(STATE));
			log.info("Removed the start-up archive {}: it was made for other dependency jars or another JDK; the "
					+ "next mvn spring-boot:run makes a new one", this.archive.archive());
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not check the start-up archive {}: {}", this.archive.archive(), ex.toString());
		}
	}

	/** Waits the delay, then writes the class-path jar and the archive unless this fingerprint failed before. */
	void makeArchive() {
		try {
			if (!pause(this.delay)) {
				return;
			}
			Files.createDirectories(this.archive.directory());
			try (FileChannel channel = FileChannel.open(this.archive.directory().resolve("archive.lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
				if (lock == null) {
					log.info("Another run is writing the start-up archive in {}", this.archive.directory());
					return;
				}
				makeArchiveLocked();
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not write the start-up archive in {}: {}", this.archive.directory(), ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private List<String> lastAttempt() throws IOException {
		Path state = this.archive.directory().resolve(STATE);
		return Files.isRegularFile(state) ? Files.readAllLines(state, StandardCharsets.UTF_8) : List.of();
	}

	private void makeArchiveLocked() throws IOException, InterruptedException {
		this.archive.writeClassPathJar();
		String fingerprint = this.archive.fingerprint();
		List<String> last = lastAttempt();
		if (last.size() > 1 && last.get(0).equals(fingerprint) && !last.get(1).equals("written")) {
			log.warn("The start-up archive for this class path could not be written before ({}); not trying again "
					+ "(see {}; delete {} to retry)", last.get(1), this.archive.directory().resolve("dump.log"),
					this.archive.directory());
			return;
		}
		Path state = this.archive.directory().resolve(STATE);
		Path classes = this.archive.directory().resolve("classes.lst");
		List<String> list = DevStartArchive.dumpableClassList(
				Files.readAllLines(Path.of(this.classList == null ? "" : this.classList), StandardCharsets.UTF_8),
				this.archive.ownClasses());
		Files.write(classes, list, StandardCharsets.UTF_8);
		Path written = this.archive.directory().resolve(DevStartArchive.ARCHIVE + ".tmp");
		Path output = this.archive.directory().resolve("dump.log");
		log.info("Writing the start-up archive {} in the background ({} classes; a second JVM runs -Xshare:dump for "
				+ "about half a minute): the next mvn spring-boot:run maps them instead of loading them",
				this.archive.archive(), list.stream().filter((line) -> !line.startsWith("#")).count());
		long began = System.nanoTime();
		Process process = new ProcessBuilder(this.dumpCommand.apply(classes, written)).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		this.dump = process;
		if (this.stopped) {
			process.destroyForcibly();
		}
		int exit = process.waitFor();
		this.dump = null;
		if (this.stopped) {
			Files.deleteIfExists(written);
			return;
		}
		if (exit > 128 && STOPPING_SIGNALS.contains(exit - 128)) {
			// Ctrl-C in a terminal signals the whole process group, the dump's JVM included, and it may end before
			// this run's own shutdown has begun: a stop, not a failure. Nothing is recorded, so the next run makes it.
			Files.deleteIfExists(written);
			log.info("The start-up archive was not finished: its JVM was stopped (signal {}) with this run; the next "
					+ "mvn spring-boot:run makes it", exit - 128);
			return;
		}
		String outcome;
		if (exit == 0 && Files.isRegularFile(written)) {
			Files.move(written, this.archive.archive(), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
			outcome = "written";
			log.info("Start-up archive written in {} s: {} ({} MB)", (System.nanoTime() - began) / 1_000_000_000,
					this.archive.archive(), Files.size(this.archive.archive()) / (1024 * 1024));
		}
		else {
			Files.deleteIfExists(written);
			outcome = "failed with exit " + exit;
			log.warn("The start-up archive could not be written (exit {}); the JVM's output is in {}", exit, output);
		}
		Files.write(state, List.of(fingerprint, outcome), StandardCharsets.UTF_8);
	}

	private boolean pause(Duration duration) throws InterruptedException {
		long until = System.nanoTime() + duration.toNanos();
		synchronized (this) {
			while (!this.stopped && System.nanoTime() < until) {
				TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, until - System.nanoTime()));
			}
		}
		return !this.stopped;
	}

	/** Stops an archive on its way (a stop during the dump leaves no archive; the next run makes it). */
	@Override
	public void destroy() {
		this.stopped = true;
		synchronized (this) {
			notifyAll();
		}
		Process process = this.dump;
		if (process != null) {
			process.destroyForcibly();
		}
	}

	/** Waits for the background work of this run (tests). */
	boolean awaitIdle(Duration timeout) throws InterruptedException {
		Thread thread = this.worker;
		if (thread == null) {
			return true;
		}
		thread.join(timeout.toMillis());
		return !thread.isAlive();
	}

	private static @Nullable String vmOption(String name) {
		try {
			VMOption option = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
			return option.getValue();
		}
		catch (IllegalArgumentException | UnsupportedOperationException ex) {
			return null;
		}
	}

}
