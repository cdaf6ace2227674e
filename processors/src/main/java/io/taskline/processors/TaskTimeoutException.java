package io.taskline.processors;

import java.time.Duration;

/**
 * A task ran past its timeout: the attempt counts as failed and the task goes to its next tier.
 * The handler's thread is interrupted; whatever it finishes later is ignored.
 *
 * <p>Usage: a handler that may run long calls {@code ctx.extendTimeout(Duration.ofMinutes(5))}.
 */
public final class TaskTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The attempt ran longer than {@code timeout}. */
    public TaskTimeoutException(Duration timeout) {
        super("task ran longer than its timeout of " + io.taskline.retry.Durations.format(timeout));
    }
}
