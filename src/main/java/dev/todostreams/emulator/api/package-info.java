/**
 * What every part of the emulator shares about the AWS JSON 1.0 protocol: the error it answers
 * ({@link dev.todostreams.emulator.api.AwsException}) and typed access to request fields with DynamoDB's validation
 * messages ({@link dev.todostreams.emulator.api.Requests}). A leaf package: it depends on no other emulator package,
 * so the table engine, the streams, the expressions and the HTTP endpoint can all use it without depending on the
 * emulator's root package, which wires them together.
 */
@NullMarked
package dev.todostreams.emulator.api;

import org.jspecify.annotations.NullMarked;
