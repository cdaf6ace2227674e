package io.taskline.processors.internal;

import io.taskline.processors.TaskContext;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.StepResult;
import io.taskline.schemas.Task;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** A {@link TaskContext} read from a task's envelope. */
public final class EnvelopeContext implements TaskContext {

    private final Task task;
    private final int maxAttempts;
    private final RecordCodec codec;
    private final AttemptDeadline deadline;
    private volatile StepResult result;

    /** Wraps {@code task}, which gets {@code maxAttempts} attempts in all; results go through {@code codec}. */
    public EnvelopeContext(Task task, int maxAttempts, RecordCodec codec) {
        this(task, maxAttempts, codec, null);
    }

    /** As above, for an attempt that times out at {@code deadline} (null: never). */
    public EnvelopeContext(Task task, int maxAttempts, RecordCodec codec, AttemptDeadline deadline) {
        this.task = task;
        this.maxAttempts = maxAttempts;
        this.codec = codec;
        this.deadline = deadline;
    }

    @Override
    public void extendTimeout(Duration extension) {
        if (deadline != null) {
            deadline.extend(extension);
        }
    }

    @Override
    public Optional<Duration> remainingTime() {
        return deadline == null ? Optional.empty() : Optional.of(deadline.remaining());
    }

    /** What the handler handed to the next step, or null. */
    public StepResult stepResult() {
        return result;
    }

    @Override
    public void result(SpecificRecord value) {
        if (value == null) {
            throw new IllegalArgumentException("a step result cannot be null");
        }
        result = StepResult.newBuilder().setValue(ByteBuffer.wrap(codec.encode(value))).setAvro(true).build();
    }

    @Override
    public void result(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("a step result cannot be null");
        }
        result = StepResult.newBuilder().setValue(ByteBuffer.wrap(value.clone())).setAvro(false).build();
    }

    @Override
    public <T extends SpecificRecord> Optional<T> parentResult(Class<T> type) {
        StepResult parent = task.getParentResult();
        if (parent == null) {
            return Optional.empty();
        }
        if (!parent.getAvro()) {
            throw new IllegalStateException("the previous step handed over plain bytes; read them with parentResultBytes()");
        }
        try {
            return Optional.of(codec.decode(bytes(parent.getValue()), type));
        } catch (UndecodableRecordException e) {
            throw new IllegalStateException("the previous step's result cannot be read as " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> parentResultBytes() {
        StepResult parent = task.getParentResult();
        return parent == null || parent.getAvro() ? Optional.empty() : Optional.of(bytes(parent.getValue()));
    }

    @Override
    public Optional<String> parentId() {
        return Optional.ofNullable(task.getParentId());
    }

    @Override
    public Optional<String> workflowId() {
        return Optional.ofNullable(task.getWorkflowId());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
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
