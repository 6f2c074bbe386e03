package dev.todostreams.stream.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.todostreams.stream.kcl.StreamConsumer;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * The stream worker id of this instance. With a data directory it is kept in {@code stream-worker-id} there, so an
 * instance restarted on the same data renews its own KCL leases at start (KCL's renewer takes back the leases
 * whose owner is its worker id) and owns its earlier handler claims: it resumes at once instead of waiting for the
 * failover time and for claims to expire. A lock on {@code stream-worker-id.lock}, held while the JVM lives, makes
 * sure no two live processes use the id: a second process on the same directory gets a fresh id.
 */
@Slf4j
final class StableWorkerId {

	static final String FILE = "stream-worker-id";

	/** Ids (and their locks) taken by this JVM: a context restarted in the same JVM is the same instance. */
	private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

	private static final String GENERATED = StreamConsumer.defaultWorkerId();

	private StableWorkerId() {
	}

	/**
	 * @param configured {@code todo.stream.worker-id}, which always wins
	 * @param dataDirectory the embedded emulator's data directory, if any
	 */
	static String resolve(@Nullable String configured, @Nullable Path dataDirectory) {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (dataDirectory == null) {
			return GENERATED;
		}
		Path directory = dataDirectory.toAbsolutePath().normalize();
		return HELD.computeIfAbsent(directory, StableWorkerId::lockAndRead);
	}

	@SuppressWarnings("resource") // the lock lives as long as the JVM
	private static String lockAndRead(Path directory) {
		try {
			Files.createDirectories(directory);
			FileChannel channel = FileChannel.open(directory.resolve(FILE + ".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				log.warn("Another process uses the stream worker id of {}; this one runs as {}", directory, GENERATED);
				return GENERATED;
			}
			Path file = directory.resolve(FILE);
			if (Files.exists(file)) {
				String id = Files.readString(file, StandardCharsets.UTF_8).strip();
				if (!id.isEmpty()) {
					log.info("Stream worker id {} (kept in {})", id, file);
					return id;
				}
			}
			Path tmp = directory.resolve(FILE + ".tmp");
			Files.writeString(tmp, GENERATED, StandardCharsets.UTF_8);
			Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			log.info("Stream worker id {} (new, kept in {})", GENERATED, file);
			return GENERATED;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not keep the stream worker id in " + directory, ex);
		}
	}

}
