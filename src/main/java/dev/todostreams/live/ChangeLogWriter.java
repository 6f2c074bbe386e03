package dev.todostreams.live;

import java.util.ArrayList;
import java.util.List;

import dev.todostreams.stream.BulkItemChangeListener;
import dev.todostreams.stream.ItemChange;
import lombok.extern.slf4j.Slf4j;
import org.springframework.core.Ordered;

/**
 * Appends every processed todo change to the change log. A stream listener that comes first (before the webhook
 * outbox), so the shard's checkpoint never passes a change that is not in the log; the append is a conditional
 * put on a position taken from the stream record, so a record the consumer gets again writes nothing twice. A slice
 * of changes is appended with a hundred conditional puts per round trip.
 */
@Slf4j
final class ChangeLogWriter implements BulkItemChangeListener, Ordered {

	static final String ID = "change-log";

	private final ChangeLog changeLog;

	ChangeLogWriter(ChangeLog changeLog) {
		this.changeLog = changeLog;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public boolean accepts(ItemChange change) {
		return ChangeEvents.from(change) != null;
	}

	@Override
	public void onChanges(List<ItemChange> changes) {
		List<ChangeLog.Append> appends = new ArrayList<>(changes.size());
		for (ItemChange change : changes) {
			ChangeEvent event = ChangeEvents.from(change);
			if (event != null) {
				appends.add(new ChangeLog.Append(event, change.approximateCreationTime(), change.sequenceNumber()));
			}
		}
		int written = this.changeLog.appendChanges(appends);
		if (written < appends.size()) {
			log.debug("{} of {} changes were in the change log already", appends.size() - written, appends.size());
		}
	}

	@Override
	public void onChange(ItemChange change) {
		ChangeEvent event = ChangeEvents.from(change);
		if (event == null) {
			return;
		}
		if (this.changeLog.appendChange(event, change.approximateCreationTime(), change.sequenceNumber()) == null) {
			log.debug("Change {} is in the change log already", change.eventId());
		}
	}

}
