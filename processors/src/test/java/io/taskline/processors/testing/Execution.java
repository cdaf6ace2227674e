package io.taskline.processors.testing;

import java.time.Instant;

/** One recorded handler execution. */
public record Execution(String taskId, String type, String key, int attempt, Instant startedAt, Object payload) {
}
