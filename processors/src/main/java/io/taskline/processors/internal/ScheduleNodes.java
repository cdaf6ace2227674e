package io.taskline.processors.internal;

/**
 * Names of the schedules sub-topology's nodes and stores. The source name starts with {@code ~},
 * which sorts after every queue name, so adding this sub-topology leaves the numbers (and state
 * directories) of the queues' sub-topologies as they were.
 */
public final class ScheduleNodes {

    /** The source node reading {@code taskline.schedules}. */
    public static final String SOURCE = "~schedules-source";
    /** The processor node that keeps definitions and fires due schedules. */
    public static final String PROCESSOR = "~schedules-fire";
    /** The sink writing {@code ENQUEUED} events of fired tasks. */
    public static final String EVENTS_SINK = "~schedules-events";
    /** The store of definitions: schedule id → single-object encoded {@code Schedule}. */
    public static final String DEFINITIONS_STORE = "schedules-definitions";
    /** The store of progress: schedule id → epoch millis through which its fire times are done. */
    public static final String FIRED_THROUGH_STORE = "schedules-fired-through";

    private ScheduleNodes() {
    }

    /** The sink writing fired tasks to {@code queue}. */
    public static String taskSink(String queue) {
        return "~schedules-to-" + queue;
    }
}
