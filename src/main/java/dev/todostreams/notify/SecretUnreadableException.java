package dev.todostreams.notify;

/**
 * A stored webhook secret that cannot be decrypted: changed in the table, copied from another subscription, or
 * sealed with a key this instance does not have. The message says which and what to do; it never holds key material.
 */
public class SecretUnreadableException extends RuntimeException {

	SecretUnreadableException(String message) {
		super(message);
	}

}
