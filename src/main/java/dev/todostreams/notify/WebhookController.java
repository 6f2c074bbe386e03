package dev.todostreams.notify;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import dev.todostreams.notify.WebhookApi.DeliveryList;
import dev.todostreams.notify.WebhookApi.DeliveryView;
import dev.todostreams.notify.WebhookApi.Redelivered;
import dev.todostreams.notify.WebhookApi.SubscriptionList;
import dev.todostreams.notify.WebhookApi.SubscriptionRequest;
import dev.todostreams.notify.WebhookApi.SubscriptionView;
import dev.todostreams.system.TodoAuthorities;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions, their delivery log and redelivery; each on behalf of the authenticated caller. */
@RestController
@RequestMapping("/api/webhooks")
@ConditionalOnBooleanProperty(name = "todo.webhooks.enabled", matchIfMissing = true)
class WebhookController {

	private final WebhookService service;

	private final Clock clock;

	WebhookController(WebhookService service, WebhookClock clock) {
		this.service = service;
		this.clock = clock.clock();
	}

	@PostMapping
	ResponseEntity<SubscriptionView> create(@RequestBody SubscriptionRequest request,
			@CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		Subscription created = this.service.create(caller(authentication), request.url(), request.description(),
				(request.filter() != null) ? request.filter().from() : null,
				(request.filter() != null) ? request.filter().to() : null, request.enabled());
		return ResponseEntity.created(URI.create("/api/webhooks/" + created.id()))
			.body(SubscriptionView.of(created, this.clock.instant(), created.secret().value()));
	}

	@GetMapping
	SubscriptionList list(@CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		return new SubscriptionList(this.service.list(caller(authentication)).stream().map((s) -> SubscriptionView.of(s, this.clock.instant(), null)).toList());
	}

	@GetMapping("/{id}")
	SubscriptionView get(@PathVariable String id, @CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		return SubscriptionView.of(this.service.get(caller(authentication), id), this.clock.instant(), null);
	}

	@PatchMapping("/{id}")
	SubscriptionView update(@PathVariable String id, @RequestBody SubscriptionRequest request,
			@CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		Subscription updated = this.service.update(caller(authentication), id, request.url(), request.description(),
				(request.filter() != null) ? request.filter().from() : null,
				(request.filter() != null) ? request.filter().to() : null, request.filter() != null,
				request.enabled());
		return SubscriptionView.of(updated, this.clock.instant(), null);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String id, @CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		this.service.delete(caller(authentication), id);
	}

	@PostMapping("/{id}/rotate-secret")
	SubscriptionView rotateSecret(@PathVariable String id, @CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		Subscription rotated = this.service.rotateSecret(caller(authentication), id);
		return SubscriptionView.of(rotated, this.clock.instant(), rotated.secret().value());
	}

	@GetMapping("/{id}/deliveries")
	DeliveryList deliveries(@PathVariable String id, @RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable Integer limit, @CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		return new DeliveryList(this.service.deliveries(caller(authentication), id, state, since, limit).stream().map(DeliveryView::of).toList());
	}

	@GetMapping("/{id}/deliveries/{deliveryId}")
	DeliveryView delivery(@PathVariable String id, @PathVariable String deliveryId, @CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		return DeliveryView.of(this.service.delivery(caller(authentication), id, deliveryId));
	}

	@PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
	@ResponseStatus(HttpStatus.ACCEPTED)
	DeliveryView redeliver(@PathVariable String id, @PathVariable String deliveryId, @CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		return DeliveryView.of(this.service.redeliver(caller(authentication), id, deliveryId));
	}

	@PostMapping("/{id}/redeliver-failed")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Redelivered redeliverFailed(@PathVariable String id, @RequestParam(required = false) @Nullable String since,
			@CurrentSecurityContext(expression = "authentication") Authentication authentication) {
		List<String> ids = this.service.redeliverFailed(caller(authentication), id, since);
		return new Redelivered(ids.size(), ids);
	}

	private static WebhookCaller caller(Authentication authentication) {
		return new WebhookCaller(authentication.getName(), TodoAuthorities.isAdministrator(authentication));
	}

}
