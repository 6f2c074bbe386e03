package dev.todostreams.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import lombok.extern.slf4j.Slf4j;
import org.jspecify.annotations.Nullable;

/**
 * Subscriptions and the delivery log: validation, the secret shown once, rotation with a grace period, and
 * redelivery. The secret is never logged and never part of a later answer. Every operation is on behalf of a
 * {@link WebhookCaller}: a subscription of someone else is answered as not found (its existence is not revealed),
 * unless the caller is an administrator; deliveries follow their subscription.
 */
@Slf4j
public class WebhookService {

	private static final int MAX_URL = 2048;

	private static final int MAX_DESCRIPTION = 500;

	private static final int MAX_FILTER_ENTRIES = 50;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SubscriptionRepository subscriptions;

	private final DeliveryRepository deliveries;

	private final DeliveryWorker worker;

	private final TargetGuard guard;

	private final WebhookProperties properties;

	private final List<String> statuses;

	private final Clock clock;

	public WebhookService(SubscriptionRepository subscriptions, DeliveryRepository deliveries, DeliveryWorker worker,
			TargetGuard guard, WebhookProperties properties, List<String> statuses, Clock clock) {
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.worker = worker;
		this.guard = guard;
		this.properties = properties;
		this.statuses = List.copyOf(statuses);
		this.clock = clock;
	}

	/** A new subscription; the only other time its secret is shown is a rotation. */
	public Subscription create(WebhookCaller caller, @Nullable String url, @Nullable String description,
			@Nullable List<String> from, @Nullable List<String> to, @Nullable Boolean enabled) {
		if (url == null) {
			throw WebhookProblem.invalid("'url' is required.");
		}
		URI target = target(url);
		long owned = this.subscriptions.scan().stream().filter((s) -> s.ownedBy(caller.principal())).count();
		if (owned >= this.properties.maxSubscriptionsPerOwner()) {
			throw WebhookProblem.limitReached(this.properties.maxSubscriptionsPerOwner());
		}
		Instant now = this.clock.instant();
		Subscription subscription = new Subscription(newId(), target, description(description),
				filter(from, to, WebhookFilter.ALL_STATUS_CHANGES), (enabled == null) || enabled, null,
				WebhookSecret.generate(), null, null, null, now, now, 0, caller.principal());
		Subscription saved = this.subscriptions.create(subscription);
		log.info("Webhook subscription {} created for {} ({})", saved.id(), saved.url(), saved.filter());
		return saved;
	}

	/** The caller's subscriptions; every subscription for an administrator. */
	public List<Subscription> list(WebhookCaller caller) {
		return this.subscriptions.scan().stream().filter(caller::mayAccess).toList();
	}

	public Subscription get(WebhookCaller caller, String id) {
		return this.subscriptions.find(id)
			.filter(caller::mayAccess)
			.orElseThrow(() -> WebhookProblem.subscriptionNotFound(id));
	}

	public Subscription update(WebhookCaller caller, String id, @Nullable String url, @Nullable String description,
			@Nullable List<String> from, @Nullable List<String> to, boolean filterGiven, @Nullable Boolean enabled) {
		URI target = (url != null) ? target(url) : null;
		String text = (description != null) ? description(description) : null;
		Subscription current = get(caller, id);
		Instant now = this.clock.instant();
		WebhookFilter filter = filterGiven ? filter(from, to, current.filter()) : current.filter();
		Subscription next = current.withChanges((target != null) ? target : current.url(),
				(text != null) ? text : current.description(), filter, now);
		if (enabled != null && enabled != current.enabled()) {
			next = next.withEnabled(enabled, "disabled by a user", now);
		}
		Subscription saved = this.subscriptions.update(next)
			.orElseThrow(() -> WebhookProblem.conflict("Subscription '" + id + "' changed meanwhile; try again."));
		log.info("Webhook subscription {} updated: {}, enabled={}", saved.id(), saved.filter(), saved.enabled());
		return saved;
	}

	public void delete(WebhookCaller caller, String id) {
		get(caller, id);
		if (!this.subscriptions.delete(id)) {
			throw WebhookProblem.subscriptionNotFound(id);
		}
		log.info("Webhook subscription {} deleted", id);
	}

	/** A new secret; the old one keeps signing (as a second signature) for the grace period. */
	public Subscription rotateSecret(WebhookCaller caller, String id) {
		Subscription current = get(caller, id);
		Instant now = this.clock.instant();
		Subscription next = current.withRotatedSecret(WebhookSecret.generate(),
				now.plus(this.properties.secretRotationGrace()), now);
		Subscription saved = this.subscriptions.update(next)
			.orElseThrow(() -> WebhookProblem.conflict("Subscription '" + id + "' changed meanwhile; try again."));
		log.info("Webhook subscription {}: secret rotated; the previous one signs too until {}", id,
				saved.previousSecretExpiresAt());
		return saved;
	}

	public List<Delivery> deliveries(WebhookCaller caller, String subscriptionId, @Nullable String state,
			@Nullable String since, @Nullable Integer limit) {
		get(caller, subscriptionId);
		int max = (limit != null) ? limit : this.properties.deliveryListLimit();
		if (max < 1 || max > this.properties.deliveryListLimit()) {
			throw WebhookProblem.invalid("'limit' must be 1.." + this.properties.deliveryListLimit() + ".");
		}
		return this.deliveries.bySubscription(subscriptionId, instant("since", since), state(state), max);
	}

	public Delivery delivery(WebhookCaller caller, String subscriptionId, String deliveryId) {
		get(caller, subscriptionId);
		return delivery(subscriptionId, deliveryId);
	}

	private Delivery delivery(String subscriptionId, String deliveryId) {
		return this.deliveries.find(deliveryId)
			.filter((delivery) -> delivery.subscriptionId().equals(subscriptionId))
			.orElseThrow(() -> WebhookProblem.deliveryNotFound(subscriptionId, deliveryId));
	}

	/** Sends one delivery again (whatever its state), with the same webhook-id and a fresh retry schedule. */
	public Delivery redeliver(WebhookCaller caller, String subscriptionId, String deliveryId) {
		requireEnabled(caller, subscriptionId);
		Instant now = this.clock.instant();
		if (!this.deliveries.redeliver(subscriptionId, deliveryId, now)) {
			throw WebhookProblem.deliveryNotFound(subscriptionId, deliveryId);
		}
		this.worker.scheduleNow(deliveryId, subscriptionId, now);
		log.info("Webhook delivery {} of {} queued again", deliveryId, subscriptionId);
		return delivery(subscriptionId, deliveryId);
	}

	/** Sends every failed delivery created since a time again. */
	public List<String> redeliverFailed(WebhookCaller caller, String subscriptionId, @Nullable String since) {
		requireEnabled(caller, subscriptionId);
		Instant from = instant("since", since);
		if (from == null) {
			throw WebhookProblem.invalid("'since' is required, e.g. 2026-01-31T00:00:00Z.");
		}
		Instant now = this.clock.instant();
		List<String> ids = new ArrayList<>();
		for (Delivery failed : this.deliveries.bySubscription(subscriptionId, from, Delivery.State.FAILED,
				Integer.MAX_VALUE)) {
			if (this.deliveries.redeliver(subscriptionId, failed.id(), now)) {
				this.worker.scheduleNow(failed.id(), subscriptionId, now);
				ids.add(failed.id());
			}
		}
		log.info("{} failed webhook deliveries of {} since {} queued again", ids.size(), subscriptionId, from);
		return ids;
	}

	private void requireEnabled(WebhookCaller caller, String subscriptionId) {
		if (!get(caller, subscriptionId).enabled()) {
			throw WebhookProblem.conflict("Subscription '" + subscriptionId
					+ "' is disabled; enable it (PATCH {\"enabled\":true}) before redelivering.");
		}
	}

	private URI target(String url) {
		if (url.isBlank() || url.length() > MAX_URL) {
			throw WebhookProblem.invalid("'url' must be an absolute http(s) URL of at most " + MAX_URL + " characters.");
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw WebhookProblem.invalid("'url' is not a valid URL: " + ex.getReason() + ".");
		}
		if (!uri.isAbsolute() || uri.getHost() == null || uri.getFragment() != null) {
			throw WebhookProblem.invalid("'url' must be an absolute http(s) URL with a host and no fragment.");
		}
		try {
			this.guard.check(uri);
		}
		catch (RefusedTargetException ex) {
			throw WebhookProblem.refusedTarget("The webhook URL is refused: " + ex.getMessage() + ".");
		}
		return uri;
	}

	private static String description(@Nullable String description) {
		if (description == null) {
			return "";
		}
		if (description.length() > MAX_DESCRIPTION) {
			throw WebhookProblem.invalid("'description' must be at most " + MAX_DESCRIPTION + " characters.");
		}
		return description;
	}

	private WebhookFilter filter(@Nullable List<String> from, @Nullable List<String> to, WebhookFilter fallback) {
		List<String> f = (from != null) ? from : fallback.from();
		List<String> t = (to != null) ? to : fallback.to();
		validate("filter.from", f);
		validate("filter.to", t);
		if (f.contains(WebhookFilter.NONE) && t.contains(WebhookFilter.NONE) && f.size() == 1 && t.size() == 1) {
			throw WebhookProblem.invalid("A filter from \"(none)\" to \"(none)\" matches nothing.");
		}
		return new WebhookFilter(f, t);
	}

	private void validate(String field, List<String> values) {
		if (values.isEmpty() || values.size() > MAX_FILTER_ENTRIES) {
			throw WebhookProblem.invalid("'" + field + "' needs 1.." + MAX_FILTER_ENTRIES + " entries.");
		}
		for (String value : values) {
			if (value == null || !(value.equals(WebhookFilter.ANY) || value.equals(WebhookFilter.NONE)
					|| this.statuses.contains(value))) {
				throw WebhookProblem.invalid("'" + field + "' contains '" + value + "'; allowed are \"*\", "
						+ "\"(none)\" and the statuses " + this.statuses + ".");
			}
		}
	}

	private static Delivery.@Nullable State state(@Nullable String state) {
		if (state == null) {
			return null;
		}
		try {
			return Delivery.State.valueOf(state.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw WebhookProblem.invalid("'state' must be pending, delivered or failed.");
		}
	}

	private static @Nullable Instant instant(String field, @Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw WebhookProblem.invalid("'" + field + "' must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z.");
		}
	}

	private static String newId() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return "wh_" + HexFormat.of().formatHex(bytes);
	}

	Optional<Subscription> find(String id) {
		return this.subscriptions.find(id);
	}

}
