package dev.todostreams.stream;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Decodes DynamoDB Streams records (SDK v2 model) into {@link ItemChange}s. */
public final class ItemChanges {

	/** How DynamoDB marks a delete done by its TTL process. */
	static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

	private ItemChanges() {
	}

	/**
	 * @throws UnprocessableChangeException when the record lacks what every change needs
	 */
	public static ItemChange from(Record record) {
		String eventId = record.eventID();
		if (eventId == null || eventId.isEmpty()) {
			throw new UnprocessableChangeException("stream record without eventID");
		}
		OperationType type = record.eventName();
		if (type == null || type == OperationType.UNKNOWN_TO_SDK_VERSION) {
			throw new UnprocessableChangeException(
					"stream record " + eventId + " has unknown eventName " + record.eventNameAsString());
		}
		StreamRecord data = record.dynamodb();
		if (data == null || data.sequenceNumber() == null) {
			throw new UnprocessableChangeException("stream record " + eventId + " has no sequence number");
		}
		if (data.approximateCreationDateTime() == null) {
			throw new UnprocessableChangeException("stream record " + eventId + " has no ApproximateCreationDateTime");
		}
		ItemChange.Operation operation = ItemChange.Operation.valueOf(type.name());
		Map<String, AttributeValue> oldImage = data.hasOldImage() ? data.oldImage() : null;
		Map<String, AttributeValue> newImage = data.hasNewImage() ? data.newImage() : null;
		Map<String, AttributeValue> keys = data.hasKeys() ? data.keys() : Map.of();
		boolean ttlExpired = operation == ItemChange.Operation.REMOVE && isTtlService(record.userIdentity());
		return new ItemChange(eventId, operation, keys, oldImage, newImage, data.sequenceNumber(),
				data.approximateCreationDateTime(), ttlExpired);
	}

	private static boolean isTtlService(@Nullable Identity identity) {
		return identity != null && "Service".equals(identity.type()) && TTL_PRINCIPAL.equals(identity.principalId());
	}

}
