package dev.todostreams.emulator.stream;

import java.util.Map;

/**
 * One stream record as kept in a shard: its wire form (built once, unmodifiable) and what
 * reading and trimming need without looking into it.
 */
record StreamRecord(long sequence, long timeMillis, int sizeBytes, Map<String, Object> wire) {
}
