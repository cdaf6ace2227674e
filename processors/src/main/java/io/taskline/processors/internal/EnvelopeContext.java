package io.taskline.processors.internal;

import io.taskline.processors.TaskContext;
import io.taskline.schemas.Task;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/** A {@link TaskContext} read from a task's envelope. */
public final class EnvelopeContext implements TaskContext {

    private final Task task;
    private final int maxAttempts;

    /** Wraps {@code task}, which gets {@code maxAttempts} attempts in all. */
    public EnvelopeContext(Task task, int maxAttempts) {
        this.task = task;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public String taskId() {
        return task.getId();
    }

    @Override
    public String queue() {
        return task.getQueue();
    }

    @Override
    public String type() {
        return task.getType();
    }

    @Override
    public String key() {
        return task.getKey();
    }

    @Override
    public int attempt() {
        return task.getAttempt();
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public Instant enqueuedAt() {
        return task.getEnqueuedAt();
    }

    @Override
    public Instant runAt() {
        return task.getRunAt() != null ? task.getRunAt() : task.getEnqueuedAt();
    }

    @Override
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(task.getHeaders());
    }
}
