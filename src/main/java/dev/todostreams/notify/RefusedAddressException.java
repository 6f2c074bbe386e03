package dev.todostreams.notify;

import java.net.UnknownHostException;

/**
 * A webhook host that resolves to no address the target guard allows; thrown by the guarded resolver while the
 * client connects, so no socket is opened. Its message is safe to show to the subscription's owner.
 */
public class RefusedAddressException extends UnknownHostException {

	public RefusedAddressException(String message) {
		super(message);
	}

}
