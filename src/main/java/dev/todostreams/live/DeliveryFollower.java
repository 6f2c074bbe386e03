package dev.todostreams.live;

import dev.todostreams.live.ChangeEvent.DeliveryOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What the change-log tail tells about webhook deliveries: the {@link DeliveryTracker} when webhooks are on,
 * {@link #NONE} when they are off (a bean either way, so the tail never checks for a missing one).
 */
interface DeliveryFollower {

	/** Follows nothing: webhooks are off. */
	DeliveryFollower NONE = new DeliveryFollower() {

		@Override
		public boolean follows() {
			return false;
		}

		@Override
		public void track(ChangeEvent change, String position) {
		}

		@Override
		public void updated(String eventId, DeliveryOutcome outcome, String position) {
		}

		@Override
		public @Nullable ChangeEvent change(String eventId) {
			return null;
		}

	};

	/** Whether status changes have deliveries to show. */
	boolean follows();

	/** The live feed shows this change now. */
	void track(ChangeEvent change, String position);

	/** A delivery of the change {@code eventId} has a new state. */
	void updated(String eventId, DeliveryOutcome outcome, String position);

	/** A change followed (shown already), or null. */
	@Nullable ChangeEvent change(String eventId);

}
