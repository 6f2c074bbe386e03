/**
 * What tests of several packages share (today a clock tests move by hand).
 */
@NullMarked
package dev.todostreams.testsupport;

import org.jspecify.annotations.NullMarked;
