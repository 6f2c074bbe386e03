package dev.todostreams.emulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of a process, read from {@code /proc/PID/stat} (Linux). Lets the benchmark report CPU
 * per operation of the client and of each server, a figure less sensitive than throughput to what else runs on the
 * machine.
 */
final class CpuClock {

	private static final long NANOS_PER_TICK = 1_000_000_000L / Long.getLong("bench.clockTicks", 100L);

	private CpuClock() {
	}

	/**
	 * CPU nanoseconds used so far by process {@code pid} ({@code 0} = this process), or {@code -1} if unknown.
	 */
	static long cpuNanos(long pid) {
		String file = (pid == 0) ? "/proc/self/stat" : "/proc/" + pid + "/stat";
		try {
			String stat = Files.readString(Path.of(file));
			// the command name (field 2) may hold spaces: count fields after its closing parenthesis
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
			// fields[0] is field 3 (state); utime is field 14, stime field 15
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
