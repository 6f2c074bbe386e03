package dev.todostreams.notify;

import java.util.List;

import dev.todostreams.system.TableDefinition;
import dev.todostreams.system.TableDefinition.Index;
import dev.todostreams.system.TableDefinition.Key;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The webhook tables, described once for creation ({@code default}, LocalStack) and checking ({@code aws}). */
public final class WebhookTables {

	public static final String SUBSCRIPTIONS = "WebhookSubscriptions";

	public static final String DELIVERIES = "WebhookDeliveries";

	/** Sparse: only pending deliveries have the {@code Due} attribute, ordered by their next attempt. */
	public static final String DUE_INDEX = "Due-NextAttemptAt-index";

	public static final String SUBSCRIPTION_INDEX = "SubscriptionID-CreatedAt-index";

	private WebhookTables() {
	}

	public static TableDefinition subscriptions() {
		return new TableDefinition(SUBSCRIPTIONS, Key.string(SubscriptionRepository.ID), List.of(), null, null);
	}

	public static TableDefinition deliveries() {
		return new TableDefinition(DELIVERIES, Key.string(DeliveryRepository.ID),
				List.of(new Index(DUE_INDEX, Key.string(DeliveryRepository.DUE),
						new Key(DeliveryRepository.NEXT_ATTEMPT_AT, ScalarAttributeType.N)),
						new Index(SUBSCRIPTION_INDEX, Key.string(DeliveryRepository.SUBSCRIPTION_ID),
								Key.string(DeliveryRepository.CREATED_AT))),
				null, DeliveryRepository.EXPIRES_AT);
	}

}
