package dev.todostreams.todo;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.JsonNode;

/** The todo REST API. HTTP only: ETags, Location, status codes; the rules live in {@link TodoService}. */
@RestController
@RequestMapping(path = "/api/todos", produces = MediaType.APPLICATION_JSON_VALUE)
class TodoController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private final TodoService todos;

	TodoController(TodoService todos) {
		this.todos = todos;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Todo> create(@Validated @RequestBody TodoRequest request) {
		Todo todo = this.todos.create(request);
		return ResponseEntity.created(location(todo)).eTag(todo.eTag()).body(todo);
	}

	@GetMapping("/{id}")
	ResponseEntity<Todo> get(@PathVariable String id) {
		Todo todo = this.todos.get(id);
		return ResponseEntity.ok().eTag(todo.eTag()).body(todo);
	}

	@GetMapping
	TodoPage list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		return this.todos.list(status, limit, cursor);
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Todo> replace(@PathVariable String id, @Validated @RequestBody TodoRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		TodoRepository.Replaced replaced = this.todos.replace(id, request, Precondition.of(ifMatch, ifNoneMatch));
		Todo todo = replaced.todo();
		if (replaced.created()) {
			return ResponseEntity.created(location(todo)).eTag(todo.eTag()).body(todo);
		}
		return ResponseEntity.ok().eTag(todo.eTag()).body(todo);
	}

	@PatchMapping(path = "/{id}", consumes = { MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<Todo> patch(@PathVariable String id, @RequestBody JsonNode patch,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		Todo todo = this.todos.patch(id, patch, Precondition.of(ifMatch, null));
		return ResponseEntity.ok().eTag(todo.eTag()).body(todo);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.todos.delete(id, Precondition.of(ifMatch, null));
		return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
	}

	private static URI location(Todo todo) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/todos/{id}")
			.buildAndExpand(todo.todoId())
			.toUri();
	}

}
