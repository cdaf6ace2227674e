package io.taskline.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The backlog of a queue at one moment: its queue topic, each retry tier and its dead-letter topic.
 *
 * <p>Usage: {@code QueueLag lag = tracker.measure("emails"); lag.queueTopic().records(); lag.age();}
 *
 * @param queue the queue name
 * @param measuredAt when the offsets were read
 * @param queueTopic the queue topic, read with the worker group's offsets
 * @param tiers the tier topics, shortest delay first, read with their relays' offsets
 * @param dlq the dead-letter topic, whole
 */
public record QueueLag(String queue, Instant measuredAt, TopicLag queueTopic, List<TopicLag> tiers, TopicLag dlq) {

    /** Copies the list. */
    public QueueLag {
        tiers = List.copyOf(tiers);
    }

    /** Tasks waiting for a worker on the queue topic: what thresholds and alerts look at. */
    public long records() {
        return queueTopic.records();
    }

    /** How long the oldest task waiting on the queue topic has waited. */
    public Duration age() {
        return queueTopic.age(measuredAt);
    }

    /** The queue topic, then each tier, then the dead-letter topic. */
    public List<TopicLag> topics() {
        List<TopicLag> all = new ArrayList<>();
        all.add(queueTopic);
        all.addAll(tiers);
        all.add(dlq);
        return all;
    }
}
