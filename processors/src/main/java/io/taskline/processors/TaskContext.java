package io.taskline.processors;

import java.time.Instant;
import java.util.Map;

/**
 * What a handler knows about the task it runs.
 *
 * <p>Usage: {@code mailer.send(email, ctx.idempotencyKey())}: the key is stable across attempts
 * and replays, so an external API can deduplicate.
 */
public interface TaskContext {

    /** The task id. */
    String taskId();

    /** A key that is the same for every attempt and replay of this task. */
    default String idempotencyKey() {
        return taskId();
    }

    /** The queue the task came from. */
    String queue();

    /** The task type. */
    String type();

    /** The ordering key, or null. */
    String key();

    /** This attempt, 1-based. */
    int attempt();

    /** How many attempts the task gets in all. */
    int maxAttempts();

    /** When the task was first published. */
    Instant enqueuedAt();

    /** When the task was due: its run time if it was delayed, else when it was first published. */
    default Instant runAt() {
        return enqueuedAt();
    }

    /** The string headers the publisher put in the envelope. */
    Map<String, String> headers();
}
