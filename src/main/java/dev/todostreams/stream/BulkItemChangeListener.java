package dev.todostreams.stream;

import java.util.List;

/**
 * An {@link ItemChangeListener} that can also take several changes in one call, e.g. to write their effects in one
 * round trip. The consumer hands it the changes of a slice of a batch (at most 100), in stream order, each one
 * accepted by {@link #accepts} and claimed for this listener; every guarantee of {@link #onChange} holds per change.
 * <p>
 * Return means every change took effect. Throw means nothing is known: the consumer then handles the same changes
 * one by one through {@link #onChange} (with its usual retries and dead letters), so the effects must be idempotent
 * per change (e.g. conditional writes keyed by the event id), as for any redelivery.
 */
public interface BulkItemChangeListener extends ItemChangeListener {

	void onChanges(List<ItemChange> changes) throws Exception;

}
