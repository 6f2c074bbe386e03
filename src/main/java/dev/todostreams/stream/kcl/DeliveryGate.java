package dev.todostreams.stream.kcl;

import java.util.function.BooleanSupplier;

/**
 * Keeps shards from starting until it is opened. KCL can then initialise (lease table, shard sync, lease assignment)
 * while the rest of the application starts, without a change reaching a handler before the beans it may call back
 * into are serving. Open by default.
 */
final class DeliveryGate {

	private final Object lock = new Object();

	private boolean open = true;

	void close() {
		synchronized (this.lock) {
			this.open = false;
		}
	}

	void open() {
		synchronized (this.lock) {
			this.open = true;
			this.lock.notifyAll();
		}
	}

	boolean isOpen() {
		synchronized (this.lock) {
			return this.open;
		}
	}

	/** Waits until open, or until {@code giveUp} says the consumer is stopping. */
	void await(BooleanSupplier giveUp) {
		synchronized (this.lock) {
			while (!this.open && !giveUp.getAsBoolean()) {
				try {
					this.lock.wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
