package io.taskline.producer.internal;

import io.taskline.producer.TaskRequest;
import io.taskline.schemas.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.UUID;

/** Builds the {@link Task} envelope of a request. */
public final class TaskEnvelopes {

    private TaskEnvelopes() {
    }

    /** A first-attempt envelope around already-encoded payload bytes, due at {@code runAt} (null: at once). */
    public static Task of(TaskRequest request, byte[] payload, Instant now, Instant runAt) {
        return Task.newBuilder()
                .setId(request.id() != null ? request.id() : UUID.randomUUID().toString())
                .setType(request.type())
                .setQueue(request.queue())
                .setKey(request.key())
                .setPayload(java.nio.ByteBuffer.wrap(payload))
                .setAttempt(1)
                .setMaxAttempts(request.maxAttempts())
                .setEnqueuedAt(now)
                .setRunAt(runAt)
                .setExpiresAt(request.expiresAt())
                .setHeaders(new HashMap<>(request.headers()))
                .setFailures(new ArrayList<>())
                .build();
    }
}
