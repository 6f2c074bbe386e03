package dev.todostreams.system;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A trivial endpoint: the baseline the REST API benchmark compares against. */
@RestController
class PingController {

	@GetMapping(path = "/api/ping", produces = MediaType.TEXT_PLAIN_VALUE)
	String ping() {
		return "pong";
	}

}
