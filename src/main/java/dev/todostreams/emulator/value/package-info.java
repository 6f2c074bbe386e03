@NullMarked
package dev.todostreams.emulator.value;

import org.jspecify.annotations.NullMarked;
