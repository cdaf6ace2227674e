package io.taskline.producer;

import java.util.List;

/**
 * A published batch: its id, its members and the id its callback task will have.
 *
 * <p>Usage: {@code publisher.batch(members, TaskRequest.to("reports").type("reports-done")).join().batchId()}.
 *
 * @param batchId the batch id every member carries
 * @param callbackId the id of the callback task, published once every member has succeeded or died
 * @param tasks where each member landed, in the order given
 */
public record PublishedBatch(String batchId, String callbackId, List<PublishedTask> tasks) {

    /** Copies the list. */
    public PublishedBatch {
        tasks = List.copyOf(tasks);
    }

    /** How many members the batch has. */
    public int size() {
        return tasks.size();
    }
}
