package io.taskline.examples;

import io.taskline.processors.TaskContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Test data: a {@link TaskContext} built fluently, with harmless defaults.
 *
 * <p>Usage: {@code handler.handle(payload, TestContexts.aContext().withTaskId("t-1").build())}.
 */
final class TestContexts {

    private String taskId = "task-1";
    private String queue = "demo";
    private String type = "test";
    private String key;
    private int attempt = 1;
    private int maxAttempts = 3;
    private Instant enqueuedAt = Instant.parse("2026-01-01T00:00:00Z");
    private final Map<String, String> headers = new HashMap<>();

    private TestContexts() {
    }

    /** A builder with defaults: task {@code task-1} on queue {@code demo}, attempt 1 of 3. */
    static TestContexts aContext() {
        return new TestContexts();
    }

    TestContexts withTaskId(String value) {
        this.taskId = value;
        return this;
    }

    TestContexts withType(String value) {
        this.type = value;
        return this;
    }

    TestContexts withKey(String value) {
        this.key = value;
        return this;
    }

    TestContexts withAttempt(int value) {
        this.attempt = value;
        return this;
    }

    TestContexts withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The context, a snapshot of this builder. */
    TaskContext build() {
        return new Context(taskId, queue, type, key, attempt, maxAttempts, enqueuedAt, Map.copyOf(headers));
    }

    private record Context(String taskId, String queue, String type, String key, int attempt, int maxAttempts,
            Instant enqueuedAt, Map<String, String> headers) implements TaskContext {
    }
}
