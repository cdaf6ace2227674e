package io.taskline.processors;

/**
 * How a queue orders the tasks of one key around retries (config {@code queue.<Q>.ordering}).
 *
 * <p>Usage: {@code QueueExecution.defaults().withOrdering(Ordering.KEY)}; see {@code docs/ordering.md}.
 */
public enum Ordering {
    /** Tasks of a key start in publish order; a failed one retries later while the next ones run. */
    NONE,
    /** While a task of a key waits in a retry tier, later tasks of that key wait for it (parked). */
    KEY;

    /** Parses {@code none} or {@code key}, in any case. */
    public static Ordering parse(String value) {
        for (Ordering o : values()) {
            if (o.name().equalsIgnoreCase(value.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("ordering '" + value + "' is not none or key");
    }
}
