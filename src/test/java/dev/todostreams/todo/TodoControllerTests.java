package dev.todostreams.todo;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.todostreams.system.JsonConfiguration;
import dev.todostreams.system.SecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The HTTP contract of the todo API, with the repository mocked: status codes, headers and every problem. */
@WebMvcTest(controllers = TodoController.class, properties = "todo.web.cors-allowed-origins=http://localhost:5173")
// the application's security rules (default mode: the local developer), not the slice's default HTTP basic
@Import({ TodoControllerTests.Config.class, JsonConfiguration.class, SecurityConfiguration.class })
class TodoControllerTests {

	static final Instant NOW = Instant.parse("2024-03-20T10:15:30Z");

	/** Signs with the slice's key and still accepts the one before a rotation. */
	static final CursorCodec CURSORS = new CursorCodec("slice-test-secret".getBytes(),
			java.util.List.of("the-key-before-the-rotation".getBytes()));

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	TodoRepository repository;

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		TodoService todoService(TodoRepository repository) {
			TodoProperties properties = TodoProperties.defaults();
			return new TodoService(repository, new TodoStatuses(properties), CURSORS, properties,
					Clock.fixed(NOW, ZoneOffset.UTC));
		}

	}

	static Todo seed(long version, String status) {
		return new Todo("T1001", "Task 1", LocalDate.parse("2024-03-25"), status, version, NOW, NOW, null);
	}

	@Test
	void createsTodoWithLocationAndETag() {
		given(this.repository.nextId()).willReturn("T1001");
		given(this.repository.insert(eq("T1001"), any(), eq(NOW))).willReturn(Optional.of(seed(1, "In Progress")));
		MvcTestResult result = this.mvc.post()
			.uri("/api/todos")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"task\":\"Task 1\",\"dueDate\":\"2024-03-25\",\"status\":\"In Progress\"}")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).headers().hasValue("ETag", "\"1\"");
		assertThat(result).headers().hasValue("Location", "http://localhost/api/todos/T1001");
		assertThat(result).bodyJson().extractingPath("$.todoId").isEqualTo("T1001");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("In Progress");
		assertThat(result).bodyJson().extractingPath("$.dueDate").isEqualTo("2024-03-25");
		verify(this.repository).insert("T1001",
				new TodoRepository.Write("Task 1", LocalDate.parse("2024-03-25"), "In Progress", null), NOW);
	}

	@Test
	void createsTodoWithDefaultStatus() {
		given(this.repository.nextId()).willReturn("T1002");
		given(this.repository.insert(eq("T1002"), any(), eq(NOW))).willReturn(Optional.of(seed(1, "Not Started")));
		MvcTestResult result = this.mvc.post()
			.uri("/api/todos")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"task\":\"Task 2\"}")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		verify(this.repository).insert("T1002", new TodoRepository.Write("Task 2", null, "Not Started", null), NOW);
	}

	@Test
	void rejectsMalformedJson() {
		MvcTestResult result = post("{\"task\": \"Task 1\",");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("not well-formed JSON");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsMissingBody() {
		MvcTestResult result = post("");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsNumberWhereStringBelongs() {
		MvcTestResult result = post("{\"task\": 42}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("'task' must be a string");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsObjectWhereStringBelongs() {
		MvcTestResult result = post("{\"task\": \"x\", \"status\": {\"a\": 1}}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("'status'");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsArrayBody() {
		MvcTestResult result = post("[1, 2]");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsUnknownStatusListingTheAllowedOnes() {
		MvcTestResult result = post("{\"task\": \"Task 1\", \"status\": \"Done\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Unknown status 'Done'. Allowed statuses: 'Not Started', 'In Progress', 'completed'.");
		assertThat(result).bodyJson()
			.extractingPath("$.allowedStatuses")
			.isEqualTo(List.of("Not Started", "In Progress", "completed"));
		verify(this.repository, never()).insert(any(), any(), any());
	}

	@Test
	void rejectsImpossibleDate() {
		MvcTestResult result = post("{\"task\": \"Task 1\", \"dueDate\": \"2024-02-30\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("'dueDate' must be a date in ISO format, e.g. 2024-03-25");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsDateInOtherFormat() {
		MvcTestResult result = post("{\"task\": \"Task 1\", \"dueDate\": \"25/03/2024\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("'dueDate'");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsNumberAsDate() {
		MvcTestResult result = post("{\"task\": \"Task 1\", \"dueDate\": 20240325}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("'dueDate'");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsDateBeyondFourDigitYears() {
		MvcTestResult result = post("{\"task\": \"Task 1\", \"dueDate\": \"+12024-03-25\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("dueDate");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsEmptyTask() {
		MvcTestResult result = post("{\"task\": \"  \"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("task");
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("must not be empty");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsMissingTask() {
		MvcTestResult result = post("{\"status\": \"completed\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("task");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsTaskOverThousandCharacters() {
		MvcTestResult result = post("{\"task\": \"" + "x".repeat(1001) + "\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[0].message")
			.isEqualTo("must be at most 1000 characters long");
		verifyNoInteractions(this.repository);
	}

	@Test
	void acceptsTaskOfExactlyThousandCharacters() {
		given(this.repository.nextId()).willReturn("T1001");
		given(this.repository.insert(eq("T1001"), any(), eq(NOW))).willReturn(Optional.of(seed(1, "Not Started")));
		assertThat(post("{\"task\": \"" + "x".repeat(1000) + "\"}")).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void rejectsOversizedBodyWith413() {
		String body = "{\"task\": \"" + "x".repeat(70 * 1024) + "\"}";
		MvcTestResult result = post(body);
		assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(413);
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsWrongContentType() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/todos")
			.contentType(MediaType.TEXT_PLAIN)
			.content("Task 1")
			.exchange();
		assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		verifyNoInteractions(this.repository);
	}

	@Test
	void returnsTodoWithETag() {
		given(this.repository.find("T1001")).willReturn(Optional.of(seed(3, "In Progress")));
		MvcTestResult result = this.mvc.get().uri("/api/todos/T1001").exchange();
		assertThat(result).hasStatus(HttpStatus.OK);
		assertThat(result).headers().hasValue("ETag", "\"3\"");
		assertThat(result).bodyJson().extractingPath("$.task").isEqualTo("Task 1");
		assertThat(result).bodyJson().extractingPath("$.version").isEqualTo(3);
		assertThat(result).bodyJson().extractingPath("$.createdAt").isEqualTo("2024-03-20T10:15:30Z");
	}

	@Test
	void unknownTodoIs404Problem() {
		given(this.repository.find("T9999")).willReturn(Optional.empty());
		MvcTestResult result = this.mvc.get().uri("/api/todos/T9999").exchange();
		assertProblem(result, HttpStatus.NOT_FOUND);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("There is no todo with id 'T9999'.");
	}

	@Test
	void malformedIdIs404WithoutTouchingTheTable() {
		MvcTestResult result = this.mvc.get().uri("/api/todos/{id}", "x".repeat(300)).exchange();
		assertProblem(result, HttpStatus.NOT_FOUND);
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchesStatusWithMergePatch() {
		given(this.repository.patch(eq("T1001"), any(), any(), eq(NOW))).willReturn(seed(2, "completed"));
		MvcTestResult result = this.mvc.patch()
			.uri("/api/todos/T1001")
			.contentType(MediaType.parseMediaType("application/merge-patch+json"))
			.header("If-Match", "\"1\"")
			.content("{\"status\":\"completed\"}")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.OK);
		assertThat(result).headers().hasValue("ETag", "\"2\"");
		verify(this.repository).patch("T1001",
				new TodoRepository.Changes(null, false, null, "completed", true, null),
				new Precondition(Precondition.Kind.VERSION, 1, "\"1\""), NOW);
	}

	@Test
	void patchWithNullDueDateRemovesIt() {
		given(this.repository.patch(eq("T1001"), any(), any(), eq(NOW))).willReturn(seed(2, "In Progress"));
		MvcTestResult result = patch("{\"dueDate\":null, \"task\":\"Task 1b\"}");
		assertThat(result).hasStatus(HttpStatus.OK);
		verify(this.repository).patch("T1001", new TodoRepository.Changes("Task 1b", true, null, null, false, null),
				Precondition.NONE, NOW);
	}

	@Test
	void patchRejectsUnknownStatus() {
		MvcTestResult result = patch("{\"status\":\"Completed\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.allowedStatuses").asArray().contains("completed");
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchRejectsWrongTypes() {
		MvcTestResult result = patch("{\"status\": 3}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("status must be a string");
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchRejectsRemovingTheTask() {
		MvcTestResult result = patch("{\"task\": null}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("task cannot be removed");
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchRejectsTooLongTask() {
		MvcTestResult result = patch("{\"task\": \"" + "y".repeat(1001) + "\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("task");
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchRejectsBadDate() {
		MvcTestResult result = patch("{\"dueDate\": \"tomorrow\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("dueDate must be a date in ISO format, e.g. 2024-03-25");
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchRejectsReadOnlyAndUnknownFields() {
		assertThat(patch("{\"version\": 7}")).bodyJson().extractingPath("$.detail").isEqualTo("version is read-only");
		assertThat(patch("{\"priority\": \"high\"}")).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("priority is not a field of a todo");
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchRejectsNonObject() {
		MvcTestResult result = patch("\"completed\"");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.repository);
	}

	@Test
	void patchRejectsMalformedJson() {
		MvcTestResult result = patch("{\"status\":");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.repository);
	}

	@Test
	void versionConflictIs412Problem() {
		given(this.repository.patch(eq("T1001"), any(), any(), eq(NOW)))
			.willThrow(TodoProblems.versionMismatch("T1001", "\"1\"", 2));
		MvcTestResult result = this.mvc.patch()
			.uri("/api/todos/T1001")
			.contentType(MediaType.APPLICATION_JSON)
			.header("If-Match", "\"1\"")
			.content("{\"status\":\"completed\"}")
			.exchange();
		assertProblem(result, HttpStatus.PRECONDITION_FAILED);
		assertThat(result).bodyJson().extractingPath("$.currentVersion").isEqualTo(2);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Version conflict");
	}

	@Test
	void patchOfUnknownTodoIs404Problem() {
		given(this.repository.patch(eq("T4040"), any(), any(), eq(NOW))).willThrow(TodoProblems.notFound("T4040"));
		MvcTestResult result = this.mvc.patch()
			.uri("/api/todos/T4040")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\":\"completed\"}")
			.exchange();
		assertProblem(result, HttpStatus.NOT_FOUND);
	}

	@Test
	void putCreatesWithClientIdAnd201() {
		given(this.repository.replace(eq("T5000"), any(), any(), eq(NOW)))
			.willReturn(new TodoRepository.Replaced(new Todo("T5000", "Mine", null, "Not Started", 1, NOW, NOW, null),
					true));
		MvcTestResult result = this.mvc.put()
			.uri("/api/todos/T5000")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"task\":\"Mine\"}")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).headers().hasValue("Location", "http://localhost/api/todos/T5000");
	}

	@Test
	void putReplacesWith200AndPassesIfMatch() {
		given(this.repository.replace(eq("T1001"), any(), any(), eq(NOW)))
			.willReturn(new TodoRepository.Replaced(seed(4, "completed"), false));
		MvcTestResult result = this.mvc.put()
			.uri("/api/todos/T1001")
			.contentType(MediaType.APPLICATION_JSON)
			.header("If-Match", "\"3\"")
			.content("{\"task\":\"Task 1\",\"status\":\"completed\",\"dueDate\":\"2024-03-25\"}")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.OK);
		assertThat(result).headers().hasValue("ETag", "\"4\"");
		verify(this.repository).replace(eq("T1001"), any(),
				eq(new Precondition(Precondition.Kind.VERSION, 3, "\"3\"")), eq(NOW));
	}

	@Test
	void putRejectsInvalidClientId() {
		MvcTestResult result = this.mvc.put()
			.uri("/api/todos/{id}", "-bad id")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"task\":\"Mine\"}")
			.exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("todoId");
		verifyNoInteractions(this.repository);
	}

	@Test
	void deletesWith204() {
		MvcTestResult result = this.mvc.delete().uri("/api/todos/T1001").header("If-Match", "\"2\"").exchange();
		assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
		verify(this.repository).delete("T1001", new Precondition(Precondition.Kind.VERSION, 2, "\"2\""));
	}

	@Test
	void listsByStatusWithNextCursor() {
		CursorCodec.Position next = new CursorCodec.Position(TodoRepository.INDEX_PHASE, "In Progress",
				Map.of("TodoID", "T1001", "Status", "In Progress", "DueDate", "2024-03-25"));
		given(this.repository.list("In Progress", 1, null))
			.willReturn(new TodoRepository.Slice(List.of(seed(1, "In Progress")), next));
		MvcTestResult result = this.mvc.get().uri("/api/todos?status=In Progress&limit=1").exchange();
		assertThat(result).hasStatus(HttpStatus.OK);
		assertThat(result).bodyJson().extractingPath("$.items[0].todoId").isEqualTo("T1001");
		assertThat(result).bodyJson().extractingPath("$.nextCursor").asString().isEqualTo(CURSORS.encode(next));
	}

	@Test
	void rejectsGarbageCursor() {
		MvcTestResult result = this.mvc.get().uri("/api/todos?cursor=not-a-cursor").exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Invalid cursor");
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsForgedCursor() {
		CursorCodec.Position position = new CursorCodec.Position(TodoRepository.ALL_PHASE, null,
				Map.of("TodoID", "T1001"));
		String forged = new CursorCodec("another-key".getBytes()).encode(position);
		MvcTestResult result = this.mvc.get().uri("/api/todos?cursor={c}", forged).exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		// another key than this instance's (rotated out, or another instance's): the client lists again
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Cursor no longer valid");
		assertThat(result).bodyJson().extractingPath("$.restartListing").isEqualTo(true);
		verifyNoInteractions(this.repository);
	}

	@Test
	void acceptsCursorOfAPreviousKey() {
		CursorCodec before = new CursorCodec("the-key-before-the-rotation".getBytes());
		CursorCodec.Position position = new CursorCodec.Position(TodoRepository.ALL_PHASE, null,
				Map.of("TodoID", "T1001"));
		String cursor = before.encode(position);
		given(this.repository.list(null, 20, position)).willReturn(new TodoRepository.Slice(java.util.List.of(), null));
		MvcTestResult result = this.mvc.get().uri("/api/todos?cursor={c}", cursor).exchange();
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.items").asArray().isEmpty();
	}

	@Test
	void rejectsTamperedCursor() {
		String genuine = CURSORS
			.encode(new CursorCodec.Position(TodoRepository.ALL_PHASE, null, Map.of("TodoID", "T1001")));
		String payload = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"phase\":\"all\",\"status\":null,\"key\":{\"TodoID\":\"T9999\"}}".getBytes());
		String tampered = payload + genuine.substring(genuine.indexOf('.'));
		MvcTestResult result = this.mvc.get().uri("/api/todos?cursor={c}", tampered).exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsCursorOfAnotherStatusFilter() {
		String cursor = CURSORS
			.encode(new CursorCodec.Position(TodoRepository.INDEX_PHASE, "completed", Map.of("TodoID", "T1001")));
		MvcTestResult result = this.mvc.get().uri("/api/todos?status=In Progress&cursor={c}", cursor).exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.repository);
	}

	@Test
	void rejectsUnknownStatusFilter() {
		MvcTestResult result = this.mvc.get().uri("/api/todos?status=Done").exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		verify(this.repository, never()).list(any(), anyInt(), any());
	}

	@Test
	void rejectsLimitOutOfRangeOrNotANumber() {
		assertProblem(this.mvc.get().uri("/api/todos?limit=0").exchange(), HttpStatus.BAD_REQUEST);
		assertProblem(this.mvc.get().uri("/api/todos?limit=101").exchange(), HttpStatus.BAD_REQUEST);
		assertProblem(this.mvc.get().uri("/api/todos?limit=ten").exchange(), HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.repository);
	}

	@Test
	void unexpectedFailureIsGeneric500WithoutInternals() throws Exception {
		given(this.repository.find("T1001")).willThrow(new IllegalStateException("secret internal detail"));
		MvcTestResult result = this.mvc.get().uri("/api/todos/T1001").exchange();
		assertProblem(result, HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(result.getResponse().getContentAsString()).doesNotContain("secret internal detail")
			.doesNotContain("IllegalStateException");
	}

	@Test
	void allowsConfiguredFrontEndOriginAndExposesETag() {
		MvcTestResult result = this.mvc.options()
			.uri("/api/todos/T1001")
			.header("Origin", "http://localhost:5173")
			.header("Access-Control-Request-Method", "PATCH")
			.header("Access-Control-Request-Headers", "If-Match, Content-Type")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.OK);
		assertThat(result).headers().hasValue("Access-Control-Allow-Origin", "http://localhost:5173");
		given(this.repository.find("T1001")).willReturn(Optional.of(seed(1, "In Progress")));
		MvcTestResult get = this.mvc.get().uri("/api/todos/T1001").header("Origin", "http://localhost:5173").exchange();
		assertThat(get.getResponse().getHeader("Access-Control-Expose-Headers")).contains("ETag");
	}

	@Test
	void refusesOtherOrigins() {
		MvcTestResult result = this.mvc.options()
			.uri("/api/todos")
			.header("Origin", "http://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
	}

	private MvcTestResult post(String body) {
		return this.mvc.post().uri("/api/todos").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private MvcTestResult patch(String body) {
		return this.mvc.patch()
			.uri("/api/todos/T1001")
			.contentType(MediaType.parseMediaType("application/merge-patch+json"))
			.content(body)
			.exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		try {
			assertProblemBody(result, status);
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertProblemBody(MvcTestResult result, HttpStatus status) throws java.io.UnsupportedEncodingException {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
		assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception").doesNotContain("at dev.");
	}

}
