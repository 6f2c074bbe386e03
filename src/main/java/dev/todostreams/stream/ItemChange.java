package dev.todostreams.stream;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One stream record as an immutable change envelope.
 *
 * @param eventId the stream record's unique eventID
 * @param operation INSERT, MODIFY or REMOVE
 * @param keys the item's primary key attributes
 * @param oldImage the item before the write; null for INSERT
 * @param newImage the item after the write; null for REMOVE
 * @param sequenceNumber the record's sequence number within its shard
 * @param approximateCreationTime when the write happened, as DynamoDB reports it
 * @param ttlExpired true when DynamoDB's TTL process deleted the item (not a user's delete)
 */
public record ItemChange(String eventId, Operation operation, Map<String, AttributeValue> keys,
		@Nullable Map<String, AttributeValue> oldImage, @Nullable Map<String, AttributeValue> newImage,
		String sequenceNumber, Instant approximateCreationTime, boolean ttlExpired) {

	public ItemChange {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(operation, "operation");
		Objects.requireNonNull(sequenceNumber, "sequenceNumber");
		Objects.requireNonNull(approximateCreationTime, "approximateCreationTime");
		keys = Map.copyOf(keys);
		oldImage = (oldImage != null) ? Map.copyOf(oldImage) : null;
		newImage = (newImage != null) ? Map.copyOf(newImage) : null;
		if (ttlExpired && operation != Operation.REMOVE) {
			throw new IllegalArgumentException("only a REMOVE can be a TTL expiry");
		}
	}

	/** The attribute-level difference between the old and the new image. */
	public ImageDiff diff() {
		return ImageDiff.between(this.oldImage, this.newImage);
	}

	public @Nullable AttributeValue oldValue(String attribute) {
		return (this.oldImage != null) ? this.oldImage.get(attribute) : null;
	}

	public @Nullable AttributeValue newValue(String attribute) {
		return (this.newImage != null) ? this.newImage.get(attribute) : null;
	}

	/** The image that describes the item best: the new one, or the old one after a delete. */
	public Map<String, AttributeValue> latestImage() {
		if (this.newImage != null) {
			return this.newImage;
		}
		return (this.oldImage != null) ? this.oldImage : this.keys;
	}

	public enum Operation {

		INSERT, MODIFY, REMOVE

	}

}
