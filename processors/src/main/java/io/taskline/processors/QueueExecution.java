package io.taskline.processors;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How a worker runs one queue's tasks: how many at once, how long each may run, how tasks of a
 * key are ordered around retries, and which rate limits each type waits for.
 *
 * <p>Usage: {@code QueueExecution.defaults().withConcurrency(200).withOrdering(Ordering.KEY)}.
 *
 * @param concurrency tasks of this queue running at once in one worker, over all its partitions
 * @param timeout how long an attempt may run before it counts as failed, unless its type says otherwise
 * @param typeTimeouts the timeout of a type, where it differs
 * @param ordering how tasks of one key wait for each other's retries
 * @param typeRateLimits the named rate limits each type waits for, besides those its handler declares
 */
public record QueueExecution(int concurrency, Duration timeout, Map<String, Duration> typeTimeouts,
                             Ordering ordering, Map<String, Set<String>> typeRateLimits) {

    /** Tasks in flight per queue and worker unless configured. */
    public static final int DEFAULT_CONCURRENCY = 64;
    /** How long an attempt may run unless configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** Validates; throws {@link IllegalArgumentException} naming the bad value. */
    public QueueExecution {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        typeTimeouts = Map.copyOf(typeTimeouts);
        typeRateLimits = Map.copyOf(typeRateLimits);
    }

    /** 64 at once, 5 minutes each, no ordering around retries, no rate limits. */
    public static QueueExecution defaults() {
        return new QueueExecution(DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, Map.of(), Ordering.NONE, Map.of());
    }

    /** The timeout of {@code type}. */
    public Duration timeout(String type) {
        return typeTimeouts.getOrDefault(type, timeout);
    }

    /** The rate limits configured for {@code type}. */
    public Set<String> rateLimits(String type) {
        return typeRateLimits.getOrDefault(type, Set.of());
    }

    /** A copy with {@code value} tasks at once. */
    public QueueExecution withConcurrency(int value) {
        return new QueueExecution(value, timeout, typeTimeouts, ordering, typeRateLimits);
    }

    /** A copy whose attempts time out after {@code value}. */
    public QueueExecution withTimeout(Duration value) {
        return new QueueExecution(concurrency, value, typeTimeouts, ordering, typeRateLimits);
    }

    /** A copy with {@code value} ordering. */
    public QueueExecution withOrdering(Ordering value) {
        return new QueueExecution(concurrency, timeout, typeTimeouts, value, typeRateLimits);
    }
}
