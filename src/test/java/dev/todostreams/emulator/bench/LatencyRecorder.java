package dev.todostreams.emulator.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Per-thread record of call latencies (nanoseconds) and failures. Not thread safe: one per load thread, merged
 * after the threads have been joined.
 */
final class LatencyRecorder {

	private long[] samples = new long[4096];

	private int count;

	private long errors;

	private String firstError;

	void record(long nanos) {
		if (this.count == this.samples.length) {
			this.samples = Arrays.copyOf(this.samples, this.samples.length * 2);
		}
		this.samples[this.count++] = nanos;
	}

	void error(Throwable ex) {
		this.errors++;
		if (this.firstError == null) {
			this.firstError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	int count() {
		return this.count;
	}

	long errors() {
		return this.errors;
	}

	String firstError() {
		return this.firstError;
	}

	/**
	 * Merges recorders into one sorted array of latencies.
	 */
	static long[] mergeSorted(List<LatencyRecorder> recorders) {
		int total = 0;
		for (LatencyRecorder recorder : recorders) {
			total += recorder.count;
		}
		long[] all = new long[total];
		int at = 0;
		for (LatencyRecorder recorder : recorders) {
			System.arraycopy(recorder.samples, 0, all, at, recorder.count);
			at += recorder.count;
		}
		Arrays.sort(all);
		return all;
	}

	/**
	 * The given percentile (0..100) of sorted latencies, in milliseconds; NaN when there are none.
	 */
	static double percentileMillis(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		index = Math.max(0, Math.min(sorted.length - 1, index));
		return sorted[index] / 1_000_000.0;
	}

}
