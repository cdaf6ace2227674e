package io.taskline.processors.internal;

import io.taskline.retry.Durations;
import java.time.Duration;

/** Names of one queue's nodes and stores in the worker topology. */
public record NodeNames(String queue) {

    /** The source node reading the queue topic. */
    public String source() {
        return queue + "-source";
    }

    /** The processor node that holds delayed tasks until they are due. */
    public String delayGate() {
        return queue + "-delayed";
    }

    /** The store of delayed tasks waiting to be due, keyed by (run time, task id). */
    public String delayedStore() {
        return queue + "-delayed-tasks";
    }

    /** The processor node that decodes, deduplicates, executes and routes. */
    public String processor() {
        return queue + "-tasks";
    }

    /** The sink writing to the tier topic of {@code delay}. */
    public String tierSink(Duration delay) {
        return queue + "-tier-" + Durations.format(delay);
    }

    /** The sink writing to the dead-letter topic. */
    public String dlqSink() {
        return queue + "-dlq";
    }

    /** The sink of a chain's next steps, to whichever queue each names. */
    public String chainSink() {
        return queue + "-chain-sink";
    }

    /** The sink writing lifecycle events. */
    public String eventsSink() {
        return queue + "-events";
    }

    /** The sink writing batch members' events, keyed by batch id, for the batch tracker. */
    public String batchEventsSink() {
        return queue + "-batch-events";
    }

    /** The store of task ids that reached succeeded or dead. */
    public String completedStore() {
        return queue + "-completed-tasks";
    }

    /** The store of admitted tasks whose outcome is not routed yet, by admission sequence. */
    public String inFlightStore() {
        return queue + "-in-flight-tasks";
    }

    /** With {@code ordering=key}: the task each key waits for while it retries. */
    public String blockersStore() {
        return queue + "-key-blockers";
    }

    /** With {@code ordering=key}: tasks parked behind their key's retrying task. */
    public String keyParkedStore() {
        return queue + "-key-parked-tasks";
    }
}
