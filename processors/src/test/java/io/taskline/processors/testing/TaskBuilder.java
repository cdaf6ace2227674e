package io.taskline.processors.testing;

import io.taskline.schemas.Failure;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test data: a first-attempt task of type echo with a Message payload, changed as told.
 *
 * <p>Usage: {@code TaskBuilder.aTask(codec, "emails", start, "t-1").key("u-1").runAt(start.plusSeconds(30)).build()}.
 */
public final class TaskBuilder {

    private final RecordCodec codec;
    private final Task.Builder task;

    private TaskBuilder(RecordCodec codec, String queue, Instant enqueuedAt, String id) {
        this.codec = codec;
        this.task = Task.newBuilder().setId(id).setType("echo").setQueue(queue).setAttempt(1)
                .setEnqueuedAt(enqueuedAt).setFailures(new ArrayList<>());
        message("payload of " + id);
    }

    /** A task {@code id} on {@code queue}, published at {@code enqueuedAt}, its payload encoded with {@code codec}. */
    public static TaskBuilder aTask(RecordCodec codec, String queue, Instant enqueuedAt, String id) {
        return new TaskBuilder(codec, queue, enqueuedAt, id);
    }

    /** The task type. */
    public TaskBuilder type(String type) {
        task.setType(type);
        return this;
    }

    /** The ordering key. */
    public TaskBuilder key(String key) {
        task.setKey(key);
        return this;
    }

    /** The attempt this record runs as. */
    public TaskBuilder attempt(int attempt) {
        task.setAttempt(attempt);
        return this;
    }

    /** The task's own max attempts. */
    public TaskBuilder maxAttempts(int attempts) {
        task.setMaxAttempts(attempts);
        return this;
    }

    /** When the task expires. */
    public TaskBuilder expiresAt(Instant at) {
        task.setExpiresAt(at);
        return this;
    }

    /** When a delayed task is due. */
    public TaskBuilder runAt(Instant at) {
        task.setRunAt(at);
        return this;
    }

    /** The failures of earlier attempts. */
    public TaskBuilder failures(Failure... failures) {
        task.setFailures(new ArrayList<>(List.of(failures)));
        return this;
    }

    /** A Message payload with this text. */
    public TaskBuilder message(String text) {
        return payloadBytes(codec.encode(Message.newBuilder().setMessage(text).build()));
    }

    /** Raw payload bytes, e.g. ones no handler can read. */
    public TaskBuilder payloadBytes(byte[] bytes) {
        task.setPayload(ByteBuffer.wrap(bytes));
        return this;
    }

    /** The task. */
    public Task build() {
        return task.build();
    }
}
