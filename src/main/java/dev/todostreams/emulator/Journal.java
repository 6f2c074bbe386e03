package dev.todostreams.emulator;

import java.io.BufferedWriter;
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

	/** A line holding several events that belong together. */
	static final String BATCH = "batch";

	/** Events of the current thread's atomic group, written as one line when the group ends. */
	private final ThreadLocal<List<Map<String, Object>>> group = new ThreadLocal<>();

	private final Path file;

	private BufferedWriter writer;

	Journal(Path directory) {
		try {
			Files.createDirectories(directory);
			this.file = directory.resolve(FILE);
			this.writer = open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open the emulator journal in " + directory, ex);
		}
	}

	private BufferedWriter open() throws IOException {
		return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/** Reads the events of a journal; a torn last line (crash mid-write) is ignored. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> read(Path directory) {
		Path file = directory.resolve(FILE);
		List<Map<String, Object>> events = new ArrayList<>();
		if (!Files.exists(file)) {
			return events;
		}
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (line.isBlank()) {
					continue;
				}
				try {
					events.add((Map<String, Object>) Json.parse(line));
				}
				catch (Json.JsonException ex) {
					if (i < lines.size() - 1) {
						throw new IllegalStateException("journal " + file + " is corrupt at line " + (i + 1), ex);
					}
				}
			}
			return events;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the emulator journal " + file, ex);
		}
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
			writer.close();
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
			writer.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
