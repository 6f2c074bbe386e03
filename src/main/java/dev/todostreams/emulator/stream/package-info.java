/**
 * The DynamoDB Streams part of the emulator: streams, shards, stream records, shard iterators,
 * retention and shard rollover, journalled so they survive a restart.
 */
@NullMarked
package dev.todostreams.emulator.stream;

import org.jspecify.annotations.NullMarked;
