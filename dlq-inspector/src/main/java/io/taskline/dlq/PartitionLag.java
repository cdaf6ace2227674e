package io.taskline.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a consumer group is behind on one partition.
 *
 * <p>Usage: {@code if (p.records() > 0) print(p.partition(), p.records(), p.age(now));}
 *
 * @param partition the partition number
 * @param endOffset the log end offset
 * @param committedOffset the group's committed offset, or -1 when the group has none (then the
 *     backlog counts from the log start)
 * @param records committed records not yet processed (transaction markers and aborted records
 *     not counted; estimated from offsets when the backlog is larger than a probe reads)
 * @param oldest the timestamp of the oldest unprocessed record, empty when there is none
 */
public record PartitionLag(int partition, long endOffset, long committedOffset, long records, Optional<Instant> oldest) {

    /** How long the oldest unprocessed record has waited at {@code now}; zero when none waits. */
    public Duration age(Instant now) {
        return oldest.map(t -> Duration.between(t, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }
}
