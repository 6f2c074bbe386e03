/**
 * What tests of several packages share: a hand-moved clock, HTTP helpers for the application under test.
 */
@NullMarked
package dev.todostreams.testsupport;

import org.jspecify.annotations.NullMarked;
