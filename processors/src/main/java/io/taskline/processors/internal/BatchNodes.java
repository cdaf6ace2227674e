package io.taskline.processors.internal;

/**
 * Names of the batch tracker's nodes and stores in the worker topology. They contain dots, which
 * queue names may too, but end unlike any queue node ({@code -source}, {@code -tasks}, ...).
 */
public final class BatchNodes {

    /** Reads {@code taskline.batches}. */
    public static final String BATCHES_SOURCE = "taskline.batches.batches-source";
    /** Reads {@code taskline.batch-events}. */
    public static final String MEMBER_EVENTS_SOURCE = "taskline.batches.member-events-source";
    /** Counts members' outcomes per batch and fires callbacks. */
    public static final String TRACKER = "taskline.batches.tracker";
    /** Writes each batch's state to {@code taskline.batch-state}. */
    public static final String STATE_SINK = "taskline.batches.state-sink";
    /** Writes tombstones of purged batches to {@code taskline.batches}. */
    public static final String BATCHES_SINK = "taskline.batches.batches-sink";
    /** Writes the ENQUEUED event of a fired callback. */
    public static final String EVENTS_SINK = "taskline.batches.events-sink";

    /** Batch id → the batch as published (Batch, encoded); batches this worker tracks. */
    public static final String DEFINITIONS_STORE = "taskline.batches.definitions";
    /** Batch id → BatchState, encoded. */
    public static final String STATES_STORE = "taskline.batches.states";
    /** Batch id, NUL, task id → the member's latest outcome. */
    public static final String MEMBERS_STORE = "taskline.batches.members";
    /** Batch id → when the tracker learned that another worker's callback queue tracks it. */
    public static final String FOREIGN_STORE = "taskline.batches.foreign";

    private BatchNodes() {
    }

    /** The sink publishing callbacks to {@code queue}. */
    public static String callbackSink(String queue) {
        return "taskline.batches.callback." + queue;
    }
}
