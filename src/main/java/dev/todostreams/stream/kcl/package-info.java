/**
 * The KCL 3 + DynamoDB Streams Kinesis Adapter side of the consumer: the scheduler, its settings and the record
 * processor that hands batches to {@link dev.todostreams.stream.ChangeProcessor}. No Spring context needed.
 */
@NullMarked
package dev.todostreams.stream.kcl;

import org.jspecify.annotations.NullMarked;
