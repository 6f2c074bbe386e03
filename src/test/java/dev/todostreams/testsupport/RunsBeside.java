package dev.todostreams.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Marks an integration test class that may run beside the others: it uses no cached Spring test context, starts
 * what it needs itself (its own emulator, applications on random ports, temporary directories) and stops it, and
 * asserts nothing about the process's console output or logging. Such classes spend most of their time waiting on
 * KCL's leases and polls or on applications they start and kill, so the failsafe run (two JUnit threads, see the
 * pom) overlaps them with the classes that share Spring's cached contexts, which run one after another.
 * <p>
 * A class that captures output ({@code OutputCaptureExtension}) must not carry this: use {@code @Isolated} there.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Execution(ExecutionMode.CONCURRENT)
public @interface RunsBeside {

}
