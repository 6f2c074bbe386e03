@NullMarked
package dev.todostreams.system;

import org.jspecify.annotations.NullMarked;
