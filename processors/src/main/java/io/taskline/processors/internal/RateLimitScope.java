package io.taskline.processors.internal;

/**
 * Who shares a rate limit: one worker alone, or every live worker of the cluster together.
 *
 * <p>Usage: {@code ratelimit.smtp.scope=cluster} in a worker's properties gives
 * {@code RateLimitScope.CLUSTER}.
 */
public enum RateLimitScope {
    /** Each worker may use the whole limit on its own (the default). */
    WORKER,
    /** The limit holds for all workers together; each worker gets its share of it. */
    CLUSTER
}
