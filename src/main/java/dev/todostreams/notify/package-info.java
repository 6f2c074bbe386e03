/**
 * Status-change webhooks: subscriptions, Standard Webhooks signatures, a durable outbox written before the stream
 * checkpoint, a delivery worker with retries, a delivery log with replay, and a guard against private targets.
 */
@NullMarked
package dev.todostreams.notify;

import org.jspecify.annotations.NullMarked;
