/**
 * The stream consumer core: turns DynamoDB stream records into {@link dev.todostreams.stream.ItemChange}s and
 * dispatches them to {@link dev.todostreams.stream.ItemChangeListener}s with at-least-once delivery, per-handler
 * idempotency, retries and dead letters. Free of Spring and of KCL; knows nothing about todos.
 */
@NullMarked
package dev.todostreams.stream;

import org.jspecify.annotations.NullMarked;
