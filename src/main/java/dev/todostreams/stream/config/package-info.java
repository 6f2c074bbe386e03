/**
 * Spring wiring of the stream consumer: properties, the lifecycle that starts and stops KCL with the application,
 * metrics, health and the dead-letter API.
 */
@NullMarked
package dev.todostreams.stream.config;

import org.jspecify.annotations.NullMarked;
