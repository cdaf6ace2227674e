package io.taskline.producer;

import java.time.Instant;

/**
 * Where a published task landed, and when it is due.
 *
 * <p>Usage: {@code publisher.publish(request).join().id()}.
 *
 * @param id the task id
 * @param queue the queue topic
 * @param partition the partition
 * @param offset the offset in that partition
 * @param runAt when a delayed task is due, or null for a task that runs at once
 */
public record PublishedTask(String id, String queue, int partition, long offset, Instant runAt) {

    /** A task that runs at once. */
    public PublishedTask(String id, String queue, int partition, long offset) {
        this(id, queue, partition, offset, null);
    }
}
