package dev.todostreams.todo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListener;
import dev.todostreams.stream.ItemChangeListeners;
import dev.todostreams.stream.UnprocessableChangeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static dev.todostreams.todo.StatusChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Isolated
@ExtendWith(OutputCaptureExtension.class)
class StatusChangeHandlerRegistryTests {

	private final ApplicationContextRunner runner = ChangeHandlerContexts.withHandlers(Handlers.class);

	@Test
	void registersOneStreamListenerPerAnnotatedMethodWithStableIds() {
		this.runner.run((context) -> assertThat(ids(context.getBean(ItemChangeListeners.class)))
			.containsExactlyInAnyOrder("Handlers#completed", "Handlers#anyChange", "todo-created"));
	}

	@Test
	void dispatchesOnlyMatchingTransitionsWithBothImages(CapturedOutput output) {
		this.runner.run((context) -> {
			ItemChangeListener completed = listener(context.getBean(ItemChangeListeners.class), "Handlers#completed");
			ItemChange change = modify("e1", "T1001", "In Progress", "completed");
			assertThat(completed.accepts(change)).isTrue();
			assertThat(completed.accepts(modify("e2", "T1001", "Not Started", "completed"))).isFalse();
			assertThat(completed.accepts(modify("e3", "T1001", "completed", "completed"))).isFalse();
			completed.onChange(change);
			Handlers handlers = context.getBean(Handlers.class);
			assertThat(handlers.completed).hasSize(1);
			StatusChanged event = handlers.completed.get(0);
			assertThat(event.previous()).isEqualTo(change.oldImage());
			assertThat(event.todo()).isEqualTo(change.newImage());
			assertThat(output).contains("Status change handled: todo=T1001 from='In Progress' to='completed'")
				.contains("eventId=e1");
		});
	}

	@Test
	void handlerMayAlsoReceiveTheItemChange() {
		this.runner.run((context) -> {
			ItemChangeListener created = listener(context.getBean(ItemChangeListeners.class), "todo-created");
			ItemChange change = insert("e1", "T1", "Not Started");
			assertThat(created.accepts(change)).isTrue();
			assertThat(created.accepts(modify("e2", "T1", "Not Started", "completed"))).isFalse();
			created.onChange(change);
			assertThat(context.getBean(Handlers.class).created).containsExactly(change);
		});
	}

	@Test
	void handlerExceptionsReachTheStreamUnwrapped() {
		this.runner.run((context) -> {
			ItemChangeListener any = listener(context.getBean(ItemChangeListeners.class), "Handlers#anyChange");
			assertThatThrownBy(() -> any.onChange(remove("e1", "T1", "completed", true)))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("expired T1");
		});
	}

	@Test
	void malformedTodoSurfacesAsUnprocessable() {
		this.runner.run((context) -> {
			ItemChangeListener any = listener(context.getBean(ItemChangeListeners.class), "Handlers#anyChange");
			assertThatThrownBy(() -> any.accepts(modify("e1", "T1", "In Progress", null)))
				.isInstanceOf(UnprocessableChangeException.class);
		});
	}

	@Test
	void methodWithTheWrongSignatureFailsTheStartup() {
		ChangeHandlerContexts.assertStartupFails(WrongSignature.class, "must take (StatusChanged)");
	}

	@Test
	void duplicateIdsFailTheStartup() {
		ChangeHandlerContexts.assertStartupFails(SameId.class, "share the id 'dup'");
	}

	private static List<String> ids(ItemChangeListeners listeners) {
		return listeners.all().stream().map(ItemChangeListener::id).toList();
	}

	private static ItemChangeListener listener(ItemChangeListeners listeners, String id) {
		return listeners.find(id).orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		final List<StatusChanged> completed = new CopyOnWriteArrayList<>();

		final List<ItemChange> created = new CopyOnWriteArrayList<>();

		@OnStatusChange(from = "In Progress", to = "completed")
		void completed(StatusChanged event) {
			this.completed.add(event);
		}

		@OnStatusChange(from = OnStatusChange.NONE, id = "todo-created")
		void created(StatusChanged event, ItemChange change) {
			this.created.add(change);
		}

		@OnStatusChange
		void anyChange(StatusChanged event) {
			if (event.expired()) {
				throw new IllegalStateException("expired " + event.todoId());
			}
		}

	}

	static class WrongSignature {

		@OnStatusChange
		void handle(String event) {
		}

	}

	static class SameId {

		@OnStatusChange(id = "dup")
		void one(StatusChanged event) {
		}

		@OnStatusChange(id = "dup")
		void two(StatusChanged event) {
		}

	}

}
