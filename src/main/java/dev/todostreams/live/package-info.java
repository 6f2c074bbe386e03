/**
 * The live change feed for the browser: every change the stream consumer has processed, as server-sent events on
 * {@code /api/changes}, with a bounded replay buffer for reconnects ({@code Last-Event-ID}) and the webhook
 * deliveries each change caused. Also the small read-only endpoints the web front end needs.
 */
@NullMarked
package dev.todostreams.live;

import org.jspecify.annotations.NullMarked;
