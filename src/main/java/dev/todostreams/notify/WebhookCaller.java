package dev.todostreams.notify;

import java.util.Objects;

/**
 * Who calls the webhook API: subscriptions belong to the principal that created them; an administrator sees and
 * manages every subscription.
 *
 * @param principal the caller's stable id (the token's {@code sub}, or the local developer in the default mode)
 * @param administrator whether the caller holds the administrator authority
 */
public record WebhookCaller(String principal, boolean administrator) {

	public WebhookCaller {
		Objects.requireNonNull(principal, "principal");
	}

	/** Whether this caller may see and change {@code subscription}. */
	boolean mayAccess(Subscription subscription) {
		return this.administrator || subscription.ownedBy(this.principal);
	}

}
