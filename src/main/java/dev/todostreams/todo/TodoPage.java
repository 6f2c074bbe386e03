package dev.todostreams.todo;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list. Pass {@code nextCursor} as {@code cursor} to get the next page; it is absent on the last one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TodoPage(List<Todo> items, @Nullable String nextCursor) {
}
