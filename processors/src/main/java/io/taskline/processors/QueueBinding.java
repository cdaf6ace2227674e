package io.taskline.processors;

import io.taskline.retry.QueueSpec;

/**
 * A queue a worker serves: how it retries, which handler runs each type, and how its tasks run.
 *
 * <p>Usage: {@code new QueueBinding(QueueSpec.of("emails"), handlers)}.
 *
 * @param spec the queue's tiers, max attempts and non-retryable exceptions
 * @param handlers the handler of each task type on the queue
 * @param execution concurrency, timeouts, ordering and rate limits
 */
public record QueueBinding(QueueSpec spec, HandlerRegistry handlers, QueueExecution execution) {

    /** A queue run with {@link QueueExecution#defaults()}. */
    public QueueBinding(QueueSpec spec, HandlerRegistry handlers) {
        this(spec, handlers, QueueExecution.defaults());
    }
}
