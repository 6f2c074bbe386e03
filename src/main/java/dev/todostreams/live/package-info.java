/**
 * The live change feed for the browser: every change the stream consumers of all instances processed, as
 * server-sent events on {@code /api/changes}, read from the durable change log (which the consumer appends to before
 * its checkpoint), with reconnects resumed from the log ({@code Last-Event-ID}), paging for polling clients and the
 * webhook deliveries each change caused. Also the small read-only endpoints the web front end needs.
 */
@NullMarked
package dev.todostreams.live;

import org.jspecify.annotations.NullMarked;
