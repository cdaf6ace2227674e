package io.taskline.retry;

import java.time.Clock;
import java.time.Duration;

/**
 * Decides where a failed attempt goes: failure n waits in tier min(n, tiers); after max attempts,
 * or for a non-retryable exception, the task is a dead letter. A pure function of its inputs.
 *
 * <p>Usage: {@code new BackoffPolicy(Clock.systemUTC()).decide(spec, attempt, null, error)}.
 */
public final class BackoffPolicy {

    /** Longest handler message a dead-letter reason quotes, in characters. */
    static final int MAX_REASON_MESSAGE_CHARS = 1000;

    private final Clock clock;

    /** Creates a policy that computes due times from {@code clock}. */
    public BackoffPolicy(Clock clock) {
        this.clock = clock;
    }

    /**
     * The decision after attempt {@code attempt} (1-based) failed with {@code error}.
     *
     * @param taskMaxAttempts the task's own max attempts, or null for the queue's
     */
    public RetryDecision decide(QueueSpec spec, int attempt, Integer taskMaxAttempts, Throwable error) {
        if (isNonRetryable(spec, error)) {
            // Cut: the reason travels in a header, and a handler's message can be any size.
            String message = error.getMessage() == null ? "" : ": " + error.getMessage();
            return new RetryDecision.DeadLetter("non-retryable " + error.getClass().getName()
                    + (message.length() > MAX_REASON_MESSAGE_CHARS ? message.substring(0, MAX_REASON_MESSAGE_CHARS) + "..." : message));
        }
        int maxAttempts = taskMaxAttempts != null && taskMaxAttempts > 0 ? taskMaxAttempts : spec.maxAttempts();
        if (attempt >= maxAttempts) {
            return new RetryDecision.DeadLetter("failed " + attempt + " of " + maxAttempts + " attempts");
        }
        if (spec.tiers().isEmpty()) {
            return new RetryDecision.DeadLetter("queue " + spec.name() + " has no retry tiers");
        }
        Duration tier = spec.tiers().get(Math.min(Math.max(attempt, 1), spec.tiers().size()) - 1);
        return new RetryDecision.RetryIn(tier, clock.instant().plus(tier));
    }

    private static boolean isNonRetryable(QueueSpec spec, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NonRetryableException) {
                return true;
            }
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (spec.nonRetryable().contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
