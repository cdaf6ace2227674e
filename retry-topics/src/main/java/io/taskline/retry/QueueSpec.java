package io.taskline.retry;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How one queue retries: its tier delays, how many attempts a task gets, and which exception
 * classes skip retries.
 *
 * <p>Usage: {@code QueueSpec.of("emails").withTiers(Durations.parseList("5s,1m,10m")).withMaxAttempts(4)}.
 *
 * @param name the queue name
 * @param tiers the tier delays, shortest first; empty means no retries
 * @param maxAttempts attempts before a task is a dead letter (at least 1)
 * @param nonRetryable fully qualified exception class names that go straight to the DLQ
 */
public record QueueSpec(String name, List<Duration> tiers, int maxAttempts, Set<String> nonRetryable) {

    /** The tiers a queue gets when none are named: 5s, 1m, 10m. */
    public static final List<Duration> DEFAULT_TIERS =
            List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(10));

    /** Validates and copies. */
    public QueueSpec {
        QueueTopics.of(name);
        tiers = List.copyOf(tiers);
        nonRetryable = Set.copyOf(nonRetryable);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max.attempts of queue " + name + " must be at least 1, was " + maxAttempts);
        }
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).isNegative() || tiers.get(i).isZero()) {
                throw new IllegalArgumentException("tier delays of queue " + name + " must be positive");
            }
            if (i > 0 && tiers.get(i).compareTo(tiers.get(i - 1)) <= 0) {
                throw new IllegalArgumentException("tiers of queue " + name + " must grow, shortest first: "
                        + Durations.format(tiers.get(i - 1)) + " is followed by " + Durations.format(tiers.get(i)));
            }
        }
    }

    /** A queue with the default tiers and one attempt per tier plus the first. */
    public static QueueSpec of(String name) {
        return new QueueSpec(name, DEFAULT_TIERS, DEFAULT_TIERS.size() + 1, Set.of());
    }

    /** A copy with other tiers. */
    public QueueSpec withTiers(List<Duration> newTiers) {
        return new QueueSpec(name, newTiers, maxAttempts, nonRetryable);
    }

    /** A copy with another max attempts. */
    public QueueSpec withMaxAttempts(int attempts) {
        return new QueueSpec(name, tiers, attempts, nonRetryable);
    }

    /** A copy with exception classes that skip retries. */
    public QueueSpec withNonRetryable(Set<String> classNames) {
        return new QueueSpec(name, tiers, maxAttempts, classNames);
    }

    /** The topic names of this queue. */
    public QueueTopics topics() {
        return QueueTopics.of(name);
    }
}
