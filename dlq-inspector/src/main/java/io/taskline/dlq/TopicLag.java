package io.taskline.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The backlog of one topic of a queue: the queue topic, a retry tier or the dead-letter topic.
 *
 * <p>Usage: {@code lag.records()} is the records behind on every partition together.
 *
 * @param topic the topic name
 * @param role what the topic is to its queue
 * @param tier for a tier topic its delay as written in the name (e.g. {@code 5s}), else null
 * @param group the consumer group whose offsets were read, or null for the dead-letter topic
 *     (nobody consumes it; its whole content is the backlog)
 * @param members the group's live members, 0 when none or for the dead-letter topic
 * @param partitions one entry per partition, by partition number
 */
public record TopicLag(String topic, Role role, String tier, String group, int members, List<PartitionLag> partitions) {

    /** What a topic is to its queue. */
    public enum Role {
        /** Where new and retried tasks wait for a worker. */
        QUEUE,
        /** A retry tier: failed tasks waiting for their next attempt. */
        TIER,
        /** The dead-letter topic. */
        DLQ
    }

    /** Copies the list. */
    public TopicLag {
        partitions = List.copyOf(partitions);
    }

    /** Records behind on every partition together. */
    public long records() {
        return partitions.stream().mapToLong(PartitionLag::records).sum();
    }

    /** The timestamp of the oldest unprocessed record on any partition, if any waits. */
    public Optional<Instant> oldest() {
        return partitions.stream().map(PartitionLag::oldest).flatMap(Optional::stream).min(Comparator.naturalOrder());
    }

    /** How long the oldest unprocessed record has waited at {@code now}; zero when none waits. */
    public Duration age(Instant now) {
        return partitions.stream().map(p -> p.age(now)).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
