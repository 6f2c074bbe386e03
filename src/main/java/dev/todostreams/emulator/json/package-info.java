@NullMarked
package dev.todostreams.emulator.json;

import org.jspecify.annotations.NullMarked;
