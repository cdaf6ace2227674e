package io.taskline.schemas;

/**
 * Names of the topics Taskline shares across queues.
 *
 * <p>Usage: {@code consumer.assign(partitionsOf(SystemTopics.EVENTS))}. Queue topics are named
 * by {@code io.taskline.retry.QueueTopics}.
 */
public final class SystemTopics {

    /** Every writer schema ever used, by fingerprint, and each type's payload schema; compacted. */
    public static final String SCHEMAS = "taskline.schemas";

    /** Task lifecycle events: started, succeeded, retrying, dead. */
    public static final String EVENTS = "taskline.events";

    /** Recurring task definitions, keyed by schedule id; compacted, a tombstone removes one. */
    public static final String SCHEDULES = "taskline.schedules";

    /** Batches as their publishers recorded them (size, callback), key = batch id; compacted. */
    public static final String BATCHES = "taskline.batches";

    /** Batch members' lifecycle events, re-keyed by batch id; co-partitioned with {@link #BATCHES}. */
    public static final String BATCH_EVENTS = "taskline.batch-events";

    /** Each batch's counts and whether its callback fired, key = batch id; compacted. */
    public static final String BATCH_STATE = "taskline.batch-state";

    private SystemTopics() {
    }
}
