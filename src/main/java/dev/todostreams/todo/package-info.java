/**
 * Todos: REST API, repository and the todo meaning of stream changes ({@link dev.todostreams.todo.StatusChanged}).
 */
@NullMarked
package dev.todostreams.todo;

import org.jspecify.annotations.NullMarked;
