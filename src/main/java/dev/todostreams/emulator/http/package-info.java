@NullMarked
package dev.todostreams.emulator.http;

import org.jspecify.annotations.NullMarked;
