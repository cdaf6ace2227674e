package io.taskline.producer;

/**
 * Where a published task landed.
 *
 * <p>Usage: {@code publisher.publish(request).join().id()}.
 *
 * @param id the task id
 * @param queue the queue topic
 * @param partition the partition
 * @param offset the offset in that partition
 */
public record PublishedTask(String id, String queue, int partition, long offset) {
}
