package dev.todostreams;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TodoStreamsApplication {

	public static void main(String[] args) {
		SpringApplication.run(TodoStreamsApplication.class, args);
	}
}
