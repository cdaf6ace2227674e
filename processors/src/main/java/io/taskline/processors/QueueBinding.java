package io.taskline.processors;

import io.taskline.retry.QueueSpec;

/**
 * A queue a worker serves: how it retries and which handler runs each type.
 *
 * <p>Usage: {@code new QueueBinding(QueueSpec.of("emails"), handlers)}.
 *
 * @param spec the queue's tiers, max attempts and non-retryable exceptions
 * @param handlers the handler of each task type on the queue
 */
public record QueueBinding(QueueSpec spec, HandlerRegistry handlers) {
}
