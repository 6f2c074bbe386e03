package dev.todostreams;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;

@SpringBootApplication
public class TodoStreamsApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(TodoStreamsApplication.class);
		// start-up profiling (docs/BENCHMARKS.md "Start-up"): each start-up step (bean creation, configuration
		// parsing, ...) becomes a Java Flight Recorder event when the JVM records, e.g. -XX:StartFlightRecording
		if (Boolean.getBoolean("todo.startup.jfr")) {
			application.setApplicationStartup(new FlightRecorderApplicationStartup());
		}
		application.run(args);
	}
}
