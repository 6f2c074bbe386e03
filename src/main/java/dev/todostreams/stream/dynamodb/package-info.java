/**
 * DynamoDB implementations of the consumer's stores: idempotency records and dead letters, both with TTL.
 */
@NullMarked
package dev.todostreams.stream.dynamodb;

import org.jspecify.annotations.NullMarked;
