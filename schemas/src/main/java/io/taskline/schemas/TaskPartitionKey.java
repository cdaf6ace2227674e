package io.taskline.schemas;

import java.nio.charset.StandardCharsets;

/**
 * The Kafka record key a task is published with: its ordering key, or its id when it has none.
 * A task published again with the same id (after a send that timed out, a batch published again)
 * then lands on the partition of the first copy, where the worker's dedup by id sees it; a null
 * record key would send it to any partition, and both copies would run.
 *
 * <p>Usage: {@code new ProducerRecord<>(task.getQueue(), TaskPartitionKey.of(task), value)}
 */
public final class TaskPartitionKey {

    private TaskPartitionKey() {
    }

    /** The UTF-8 bytes of the task's key, else of its id. */
    public static byte[] of(Task task) {
        String key = task.getKey() != null ? task.getKey() : task.getId();
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
