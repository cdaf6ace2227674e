package io.taskline.processors.internal;

import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import java.time.Instant;

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
                .setWorker(worker);
    }

    /** Adds the error of a failed attempt. */
    public static TaskEvent.Builder withError(TaskEvent.Builder event, Throwable error) {
        return event.setErrorClass(error.getClass().getName()).setErrorMessage(String.valueOf(error.getMessage()));
    }
}
