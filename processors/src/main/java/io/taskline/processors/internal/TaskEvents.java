package io.taskline.processors.internal;

import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Record;

/** Builds the lifecycle events a worker writes to {@code taskline.events}. */
public final class TaskEvents {

    private TaskEvents() {
    }

    /** An event of {@code type} for {@code task} at {@code at}, by {@code worker}. */
    public static TaskEvent.Builder of(TaskEventType type, Task task, Instant at, String worker) {
        return TaskEvent.newBuilder()
                .setTaskId(task.getId())
                .setQueue(task.getQueue())
                .setType(task.getType())
                .setKey(task.getKey())
                .setEvent(type)
                .setAttempt(task.getAttempt())
                .setAt(at)
                .setWorker(worker)
                .setBatchId(task.getBatchId());
    }

    /** The record of {@code event} on {@code taskline.events}: keyed by task id, so a task's events stay in order. */
    public static Record<byte[], byte[]> record(TaskEvent event, RecordCodec codec, long timestamp) {
        Record<byte[], byte[]> record = new Record<>(event.getTaskId().getBytes(StandardCharsets.UTF_8),
                codec.encode(event), timestamp);
        if (event.getBatchId() != null) {
            OutHeaders.put(record.headers(), TaskHeaders.BATCH_ID, event.getBatchId());
        }
        return record;
    }

    /** Adds the error of a failed attempt. */
    public static TaskEvent.Builder withError(TaskEvent.Builder event, Throwable error) {
        return event.setErrorClass(error.getClass().getName()).setErrorMessage(Failures.message(error));
    }
}
