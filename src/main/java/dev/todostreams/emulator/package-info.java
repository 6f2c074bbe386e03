@NullMarked
package dev.todostreams.emulator;

import org.jspecify.annotations.NullMarked;
