package dev.todostreams.emulator.bench;

import java.util.concurrent.CountDownLatch;

import dev.todostreams.emulator.DynamoDbEmulator;
import dev.todostreams.emulator.EmulatorOptions;

/**
 * Runs the emulator standalone, in memory, on {@code --port N} (0 = a free port) until the process is stopped. The
 * benchmark script uses it only when the main code has no {@code dev.todostreams.emulator.EmulatorMain}.
 */
public final class BenchEmulatorLauncher {

	private BenchEmulatorLauncher() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = 0;
		for (int i = 0; i < args.length; i++) {
			if ("--port".equals(args[i]) && i + 1 < args.length) {
				port = Integer.parseInt(args[++i]);
			}
			else if (args[i].startsWith("--port=")) {
				port = Integer.parseInt(args[i].substring("--port=".length()));
			}
		}
		DynamoDbEmulator emulator = DynamoDbEmulator.start(EmulatorOptions.defaults().withPort(port));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			emulator.close();
			stopped.countDown();
		}, "emulator-shutdown"));
		System.out.println("emulator listening on " + emulator.endpoint());
		System.out.flush();
		stopped.await();
	}

}
