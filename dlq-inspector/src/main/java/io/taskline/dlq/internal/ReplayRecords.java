package io.taskline.dlq.internal;

import io.taskline.dlq.DeadLetter;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The record of a replayed task: the dead letter's key bytes (so the same partition), its headers
 * without the DLQ's routing headers, and the task-id and type headers tools filter on.
 *
 * <p>Usage: {@code producer.send(ReplayRecords.of(letter, task, codec.encode(task), "emails"));}
 */
public final class ReplayRecords {

    private ReplayRecords() {
    }

    /** The record that republishes {@code task}, encoded as {@code value}, to {@code queue}. */
    public static ProducerRecord<byte[], byte[]> of(DeadLetter letter, Task task, byte[] value, String queue) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> h : letter.headers().entrySet()) {
            if (carried(h.getKey()) && h.getValue() != null) {
                headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        headers.add(TaskHeaders.TASK_ID, task.getId().getBytes(StandardCharsets.UTF_8));
        headers.add(TaskHeaders.TYPE, task.getType().getBytes(StandardCharsets.UTF_8));
        byte[] key = letter.rawKey();
        if (key == null && task.getKey() != null) {
            key = task.getKey().getBytes(StandardCharsets.UTF_8);
        }
        return new ProducerRecord<>(queue, null, key, value, headers);
    }

    /** False for headers each hop sets afresh: due time, DLQ reason, origin, task id and type. */
    static boolean carried(String name) {
        return !name.equals(TaskHeaders.DUE_AT) && !name.startsWith("taskline.dlq.")
                && !name.startsWith("taskline.original.") && !name.equals(TaskHeaders.UNDECODABLE)
                && !name.equals(TaskHeaders.TASK_ID) && !name.equals(TaskHeaders.TYPE);
    }
}
