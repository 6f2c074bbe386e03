package dev.todostreams.emulator;

import java.io.BufferedWriter;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.todostreams.emulator.json.Json;
import dev.todostreams.emulator.table.ChangeLog;

/**
 * An append-only file of state-change events, one JSON object per line. Every write is flushed to the
 * operating system before the request is answered, so a crash of the JVM loses nothing acknowledged.
 * {@link #compact(List)} replaces the file with a snapshot, atomically.
 */
final class Journal implements ChangeLog, AutoCloseable {

	static final String FILE = "journal.jsonl";

	private static final System.Logger LOG = System.getLogger(Journal.class.getName());

	/** A line holding several events that belong together. */
	static final String BATCH = "batch";

	/** Events of the current thread's atomic group, written as one line when the group ends. */
	private final ThreadLocal<List<Map<String, Object>>> group = new ThreadLocal<>();

	private final Path file;

	/** Opened at the first write or compaction, so that a replay can cut the file first. */
	private @Nullable BufferedWriter writer;

	Journal(Path directory) {
		try {
			Files.createDirectories(directory);
			this.file = directory.resolve(FILE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open the emulator journal in " + directory, ex);
		}
	}

	private BufferedWriter open() throws IOException {
		return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/**
	 * Deepest JSON a record can hold: a request's values are read with the JSON reader's own limit (512), and a record
	 * wraps them in a few levels more. Anything the emulator ever wrote therefore reads back.
	 */
	static final int MAX_RECORD_DEPTH = 1024;

	/** What {@link #replay} found. {@code setAside} is the side file holding the unreadable tail, if there was one. */
	record Replayed(int events, @Nullable Path setAside) {
	}

	/**
	 * Reads the journal's records in order and hands each event to {@code apply}. A record that cannot be read or
	 * applied (a write torn by a crash, a damaged file) ends the replay: it and everything after it are moved to a
	 * side file next to the journal, the journal is cut before it, and a warning says so. The emulator then starts
	 * with the state up to that record: it never refuses to start over a bad record, and never drops one unseen.
	 */
	@SuppressWarnings("unchecked")
	static Replayed replay(Path directory, Consumer<Map<String, Object>> apply) {
		Path file = directory.resolve(FILE);
		if (!Files.exists(file)) {
			return new Replayed(0, null);
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the emulator journal " + file, ex);
		}
		CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		int events = 0;
		int line = 0;
		int start = 0;
		while (start < bytes.length) {
			int end = start;
			while (end < bytes.length && bytes[end] != '\n') {
				end++;
			}
			line++;
			try {
				String text = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
				if (!text.isBlank()) {
					apply.accept((Map<String, Object>) Json.parse(text, MAX_RECORD_DEPTH));
					events++;
				}
			}
			catch (CharacterCodingException | RuntimeException | StackOverflowError ex) {
				return new Replayed(events, setAside(file, bytes, start, line, ex));
			}
			start = end + 1;
		}
		return new Replayed(events, null);
	}

	/** Moves {@code bytes[from..]} of the journal to a side file and cuts the journal there. */
	private static Path setAside(Path file, byte[] bytes, int from, int line, Throwable cause) {
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
		Path side = file.resolveSibling(FILE + ".unreadable-" + stamp);
		try {
			Files.write(side, java.util.Arrays.copyOfRange(bytes, from, bytes.length), StandardOpenOption.CREATE_NEW);
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
				channel.truncate(from);
				channel.force(true);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot set aside the unreadable end of the emulator journal " + file, ex);
		}
		long laterLines = 0;
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == '\n' && i + 1 < bytes.length) {
				laterLines++;
			}
		}
		LOG.log(Level.WARNING, "The emulator journal {0} cannot be read at line {1} ({2}); started with the state before it."
				+ " That record and the {3} line(s) after it ({4} bytes) were moved to {5}", file, line, cause.toString(),
				laterLines, bytes.length - from, side);
		return side;
	}

	@Override
	public void accept(Map<String, Object> event) {
		List<Map<String, Object>> pending = group.get();
		if (pending != null) {
			pending.add(event);
			return;
		}
		writeLine(event);
	}

	@Override
	public void atomically(Runnable action) {
		if (group.get() != null) {
			action.run();
			return;
		}
		List<Map<String, Object>> pending = new ArrayList<>();
		group.set(pending);
		try {
			action.run();
		}
		finally {
			group.remove();
		}
		if (pending.size() == 1) {
			writeLine(pending.get(0));
		}
		else if (!pending.isEmpty()) {
			Map<String, Object> batch = new java.util.LinkedHashMap<>();
			batch.put("k", BATCH);
			batch.put("e", pending);
			writeLine(batch);
		}
	}

	private synchronized void writeLine(Map<String, Object> event) {
		try {
			if (writer == null) {
				writer = open();
			}
			writer.write(Json.write(event));
			writer.write('\n');
			writer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the emulator journal " + file, ex);
		}
	}

	/** Replaces the journal with the given events (a snapshot of the current state). */
	synchronized void compact(List<Map<String, Object>> snapshot) {
		Path tmp = file.resolveSibling(FILE + ".tmp");
		try {
			if (writer != null) {
				writer.close();
			}
			try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				for (Map<String, Object> event : snapshot) {
					out.write(Json.write(event));
					out.write('\n');
				}
			}
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			writer = open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot compact the emulator journal " + file, ex);
		}
	}

	@Override
	public synchronized void close() {
		try {
			if (writer != null) {
				writer.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
