@NullMarked
package dev.todostreams.todo;

import org.jspecify.annotations.NullMarked;
