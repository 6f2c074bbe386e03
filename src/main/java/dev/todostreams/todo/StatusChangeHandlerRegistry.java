package dev.todostreams.todo;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Finds {@link OnStatusChange} methods on beans, keeps them as {@link StatusChangeHandler}s (handlers can also be
 * registered in code) and, once all singletons exist, hands each to the stream as a {@link StatusChangeDispatcher}.
 */
@Slf4j
public class StatusChangeHandlerRegistry implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

	private final Map<String, StatusChangeHandler> handlers = new LinkedHashMap<>();

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	public synchronized void register(StatusChangeHandler handler) {
		if (this.handlers.putIfAbsent(handler.id(), handler) != null) {
			throw new IllegalStateException("two status change handlers share the id '" + handler.id()
					+ "'; give one of them @OnStatusChange(id = ...)");
		}
	}

	public synchronized List<StatusChangeHandler> handlers() {
		return new ArrayList<>(this.handlers.values());
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = AopUtils.getTargetClass(bean);
		Map<Method, OnStatusChange> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<OnStatusChange>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnStatusChange.class));
		methods.forEach((method, annotation) -> register(handlerFor(bean, type, method, annotation)));
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ItemChangeListeners listeners = (this.beanFactory != null)
				? this.beanFactory.getBeanProvider(ItemChangeListeners.class).getIfAvailable() : null;
		if (listeners == null) {
			log.warn("No stream consumer in this context: {} status change handler(s) will not run",
					this.handlers.size());
			return;
		}
		for (StatusChangeHandler handler : handlers()) {
			listeners.register(new StatusChangeDispatcher(handler));
			log.info("Status change handler {} registered for {}", handler.id(), handler.filter());
		}
	}

	static StatusChangeHandler handlerFor(Object bean, Class<?> type, Method method, OnStatusChange annotation) {
		Class<?>[] parameters = method.getParameterTypes();
		boolean withChange = parameters.length == 2 && parameters[1] == ItemChange.class;
		if (parameters.length < 1 || parameters[0] != StatusChanged.class || (parameters.length == 2 && !withChange)
				|| parameters.length > 2) {
			throw new IllegalStateException("@OnStatusChange method " + type.getName() + "#" + method.getName()
					+ " must take (StatusChanged) or (StatusChanged, ItemChange)");
		}
		String id = annotation.id().isEmpty() ? type.getSimpleName() + "#" + method.getName() : annotation.id();
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		StatusChangeHandler.Invoker invoker = (event, change) -> {
			try {
				if (withChange) {
					invocable.invoke(bean, event, change);
				}
				else {
					invocable.invoke(bean, event);
				}
			}
			catch (InvocationTargetException ex) {
				Throwable cause = ex.getTargetException();
				if (cause instanceof Exception) {
					throw (Exception) cause;
				}
				throw (Error) cause;
			}
		};
		return new StatusChangeHandler(id, StatusChangeFilter.of(annotation), invoker);
	}

}
