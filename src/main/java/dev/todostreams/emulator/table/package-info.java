@NullMarked
package dev.todostreams.emulator.table;

import org.jspecify.annotations.NullMarked;
