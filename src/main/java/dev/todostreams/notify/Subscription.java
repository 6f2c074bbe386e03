package dev.todostreams.notify;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import lombok.AccessLevel;
import lombok.With;
import org.jspecify.annotations.Nullable;

/**
 * A webhook subscription. Its {@link #toString()} leaves the secrets out.
 *
 * @param id the subscription id, {@code wh_...}
 * @param url where deliveries are POSTed
 * @param description free text for humans
 * @param filter which status changes are delivered
 * @param enabled false: nothing is delivered (set by a user, by a 410, or after failing too long)
 * @param disabledReason why it was disabled automatically, or null
 * @param secret the current signing secret
 * @param previousSecret the secret before the last rotation, still signing until {@code previousSecretExpiresAt}
 * @param previousSecretExpiresAt end of the rotation grace period
 * @param failingSince when deliveries started failing without a success since, or null
 * @param createdAt creation time
 * @param updatedAt last change
 * @param version optimistic lock, +1 per write
 * @param owner the principal that created it (the token's {@code sub}); null for subscriptions made before
 * owners were recorded, which only administrators see
 */
@With(AccessLevel.PACKAGE)
public record Subscription(String id, URI url, String description, WebhookFilter filter, boolean enabled,
		@Nullable String disabledReason, WebhookSecret secret, @Nullable WebhookSecret previousSecret,
		@Nullable Instant previousSecretExpiresAt, @Nullable Instant failingSince, Instant createdAt,
		Instant updatedAt, long version, @Nullable String owner) {

	public Subscription {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(secret, "secret");
	}

	/** The secrets that sign a message sent at {@code now}: the current one, and the previous during the grace. */
	public List<WebhookSecret> signingSecrets(Instant now) {
		List<WebhookSecret> secrets = new ArrayList<>();
		secrets.add(this.secret);
		if (this.previousSecret != null && this.previousSecretExpiresAt != null
				&& now.isBefore(this.previousSecretExpiresAt)) {
			secrets.add(this.previousSecret);
		}
		return secrets;
	}

	/** Enabled again by a user (its failure streak forgotten), or disabled by a user (the streak kept). */
	Subscription withEnabled(boolean enabled, @Nullable String reason, Instant now) {
		return withEnabled(enabled).withDisabledReason(enabled ? null : reason)
			.withFailingSince(enabled ? null : this.failingSince)
			.withUpdatedAt(now);
	}

	/** Whether {@code principal} created it. */
	public boolean ownedBy(String principal) {
		return principal.equals(this.owner);
	}

	Subscription withChanges(URI url, String description, WebhookFilter filter, Instant now) {
		return withUrl(url).withDescription(description).withFilter(filter).withUpdatedAt(now);
	}

	Subscription withRotatedSecret(WebhookSecret next, Instant graceEnd, Instant now) {
		return withSecret(next).withPreviousSecret(this.secret).withPreviousSecretExpiresAt(graceEnd).withUpdatedAt(now);
	}

	@Override
	public String toString() {
		return "Subscription[id=" + this.id + ", url=" + this.url + ", filter=" + this.filter + ", enabled="
				+ this.enabled + "]";
	}

}
