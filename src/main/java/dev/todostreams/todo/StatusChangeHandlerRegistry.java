package dev.todostreams.todo;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.todostreams.stream.ItemChange;
import dev.todostreams.stream.ItemChangeListeners;
import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link OnStatusChange} and {@link OnTodoChange} methods on beans, keeps them as {@link StatusChangeHandler}s
 * and {@link TodoChangeHandler}s (handlers can also be registered in code) and, once all singletons exist, hands
 * each to the stream as a {@link StatusChangeDispatcher} or {@link TodoChangeDispatcher}. Handler ids are unique
 * across both kinds.
 */
@Slf4j
public class StatusChangeHandlerRegistry implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

	private final Map<String, StatusChangeHandler> handlers = new LinkedHashMap<>();

	private final Map<String, TodoChangeHandler> todoHandlers = new LinkedHashMap<>();

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	public synchronized void register(StatusChangeHandler handler) {
		checkUnique(handler.id());
		this.handlers.put(handler.id(), handler);
	}

	public synchronized void register(TodoChangeHandler handler) {
		checkUnique(handler.id());
		this.todoHandlers.put(handler.id(), handler);
	}

	private void checkUnique(String id) {
		if (this.handlers.containsKey(id) || this.todoHandlers.containsKey(id)) {
			throw new IllegalStateException("two change handlers share the id '" + id
					+ "'; give one of them @OnStatusChange(id = ...) or @OnTodoChange(id = ...)");
		}
	}

	public synchronized List<StatusChangeHandler> handlers() {
		return new ArrayList<>(this.handlers.values());
	}

	public synchronized List<TodoChangeHandler> todoChangeHandlers() {
		return new ArrayList<>(this.todoHandlers.values());
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = AopUtils.getTargetClass(bean);
		Map<Method, OnStatusChange> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<OnStatusChange>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnStatusChange.class));
		methods.forEach((method, annotation) -> register(handlerFor(bean, type, method, annotation)));
		Map<Method, OnTodoChange> todoMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<OnTodoChange>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnTodoChange.class));
		todoMethods.forEach((method, annotation) -> register(handlerFor(bean, type, method, annotation)));
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ItemChangeListeners listeners = (this.beanFactory != null)
				? this.beanFactory.getBeanProvider(ItemChangeListeners.class).getIfAvailable() : null;
		if (listeners == null) {
			log.warn("No stream consumer in this context: {} change handler(s) will not run",
					this.handlers.size() + this.todoHandlers.size());
			return;
		}
		for (StatusChangeHandler handler : handlers()) {
			listeners.register(new StatusChangeDispatcher(handler));
			log.info("Status change handler {} registered for {}", handler.id(), handler.filter());
		}
		for (TodoChangeHandler handler : todoChangeHandlers()) {
			listeners.register(new TodoChangeDispatcher(handler));
			log.info("Todo change handler {} registered for {}", handler.id(),
					handler.fields().isEmpty() ? "any field" : handler.fields());
		}
	}

	static StatusChangeHandler handlerFor(Object bean, Class<?> type, Method method, OnStatusChange annotation) {
		Method invocable = invocable(bean, type, method, StatusChanged.class, "@OnStatusChange",
				"(StatusChanged), (StatusChanged, TodoChange) or (StatusChanged, ItemChange)");
		StatusChangeHandler.Invoker invoker = (event, changes, change) -> invoke(invocable, bean,
				arguments(invocable, event, changes, change));
		return new StatusChangeHandler(id(annotation.id(), type, method), StatusChangeFilter.of(annotation), invoker);
	}

	static TodoChangeHandler handlerFor(Object bean, Class<?> type, Method method, OnTodoChange annotation) {
		Method invocable = invocable(bean, type, method, TodoChange.class, "@OnTodoChange",
				"(TodoChange) or (TodoChange, ItemChange)");
		TodoChangeHandler.Invoker invoker = (changes, change) -> invoke(invocable, bean,
				arguments(invocable, null, changes, change));
		return new TodoChangeHandler(id(annotation.id(), type, method), Set.of(annotation.fields()), invoker);
	}

	private static String id(String declared, Class<?> type, Method method) {
		return declared.isEmpty() ? type.getSimpleName() + "#" + method.getName() : declared;
	}

	/** Checks the signature: the event type first, then at most one of the others. */
	private static Method invocable(Object bean, Class<?> type, Method method, Class<?> first, String annotation,
			String allowed) {
		Class<?>[] parameters = method.getParameterTypes();
		boolean valid = parameters.length >= 1 && parameters.length <= 2 && parameters[0] == first;
		if (valid && parameters.length == 2) {
			valid = parameters[1] != first && (parameters[1] == ItemChange.class
					|| (parameters[1] == TodoChange.class && first == StatusChanged.class));
		}
		if (!valid) {
			throw new IllegalStateException(
					annotation + " method " + type.getName() + "#" + method.getName() + " must take " + allowed);
		}
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		return invocable;
	}

	private static Object[] arguments(Method method, @Nullable StatusChanged event, TodoChange changes,
			ItemChange change) {
		Class<?>[] parameters = method.getParameterTypes();
		Object[] arguments = new Object[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i] == StatusChanged.class) {
				arguments[i] = event;
			}
			else if (parameters[i] == TodoChange.class) {
				arguments[i] = changes;
			}
			else {
				arguments[i] = change;
			}
		}
		return arguments;
	}

	private static void invoke(Method method, Object bean, Object[] arguments) throws Exception {
		try {
			method.invoke(bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception) {
				throw (Exception) cause;
			}
			throw (Error) cause;
		}
	}

}
