package io.taskline.retry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions a tier relay has paused and the time each falls due. Each tier partition is in
 * due-time order, so a partition whose head is not due waits as a whole.
 */
public final class DuePartitions {

    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();

    /** Records that {@code partition} waits until {@code dueAtMillis}. */
    public void pause(TopicPartition partition, long dueAtMillis) {
        pausedUntil.put(partition, dueAtMillis);
    }

    /** Removes and returns the partitions due at {@code nowMillis}. */
    public List<TopicPartition> takeDue(long nowMillis) {
        List<TopicPartition> due = new ArrayList<>();
        pausedUntil.entrySet().removeIf(e -> {
            if (e.getValue() <= nowMillis) {
                due.add(e.getKey());
                return true;
            }
            return false;
        });
        return due;
    }

    /** The earliest due time, if any partition is paused. */
    public OptionalLong nextDue() {
        return pausedUntil.values().stream().mapToLong(Long::longValue).min();
    }

    /** Forgets partitions this relay no longer owns. */
    public void forget(Iterable<TopicPartition> partitions) {
        partitions.forEach(pausedUntil::remove);
    }

    /** How many partitions are waiting. */
    public int size() {
        return pausedUntil.size();
    }
}
