/**
 * The DynamoDB expression engine: condition, filter, update, projection and key condition expressions and
 * their legacy request forms, parsed once into small evaluation trees.
 */
@NullMarked
package dev.todostreams.emulator.expr;

import org.jspecify.annotations.NullMarked;
