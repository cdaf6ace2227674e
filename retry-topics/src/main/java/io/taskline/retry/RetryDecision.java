package io.taskline.retry;

import java.time.Duration;
import java.time.Instant;

/**
 * What happens to a task after a failed attempt: it waits in a tier, or it is a dead letter.
 *
 * <p>Usage: {@code if (decision instanceof RetryDecision.RetryIn r) send(topics.tier(r.tier()))}.
 */
public sealed interface RetryDecision {

    /** Retry after waiting in the tier with delay {@code tier}; never run before {@code dueAt}. */
    record RetryIn(Duration tier, Instant dueAt) implements RetryDecision {
    }

    /** Give up: the task goes to the dead-letter topic for {@code reason}. */
    record DeadLetter(String reason) implements RetryDecision {
    }
}
