package io.taskline.retry.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a tier relay has read and not yet forwarded, per partition in offset order, each
 * with its due time. A record leaves only once its forward has committed, so an aborted
 * transaction forwards it again and a lost partition's records are read again by its next owner.
 *
 * <p>Usage: {@code held.hold(p, record, due); List<..> due = held.due(now); ...commit...; held.release(due);}
 */
public final class HeldRecords {

    /** A read record and when it falls due. */
    public record Held(ConsumerRecord<byte[], byte[]> record, long dueAtMillis) {
        /** Its partition. */
        public TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }
    }

    private final Map<TopicPartition, ArrayDeque<Held>> byPartition = new HashMap<>();
    private final Map<TopicPartition, Long> bytesByPartition = new HashMap<>();

    /** Holds {@code record} of {@code partition}, due at {@code dueAtMillis}, behind those read before it. */
    public void hold(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, long dueAtMillis) {
        byPartition.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(new Held(record, dueAtMillis));
        bytesByPartition.merge(partition, weight(record), Long::sum);
    }

    /** The key and value bytes {@code partition} holds: what its held records weigh in memory, roughly. */
    public long bytes(TopicPartition partition) {
        return bytesByPartition.getOrDefault(partition, 0L);
    }

    private static long weight(ConsumerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }

    /**
     * The records due at {@code nowMillis}: of each partition, the records from its head up to the
     * first one not due (a tier partition is in due order, so the records behind it wait with it).
     * They stay held until {@link #release}.
     */
    public List<Held> due(long nowMillis) {
        List<Held> due = new ArrayList<>();
        for (ArrayDeque<Held> line : byPartition.values()) {
            for (Held held : line) {
                if (held.dueAtMillis() > nowMillis) {
                    break;
                }
                due.add(held);
            }
        }
        return due;
    }

    /** Lets go of records that were forwarded (the heads of their partitions, in order). */
    public void release(List<Held> forwarded) {
        for (Held held : forwarded) {
            ArrayDeque<Held> line = byPartition.get(held.partition());
            if (line != null && line.peek() == held) {
                line.poll();
                bytesByPartition.merge(held.partition(), -weight(held.record()), Long::sum);
                if (line.isEmpty()) {
                    byPartition.remove(held.partition());
                    bytesByPartition.remove(held.partition());
                }
            }
        }
    }

    /**
     * The offset of the record {@code partition} will hold first once its first {@code forwarded}
     * records are released, if it holds more than those.
     */
    public OptionalLong offsetAfter(TopicPartition partition, int forwarded) {
        ArrayDeque<Held> line = byPartition.get(partition);
        if (line == null || line.size() <= forwarded) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(line.stream().skip(forwarded).findFirst().orElseThrow().record().offset());
    }

    /** How many records {@code partition} holds. */
    public int count(TopicPartition partition) {
        ArrayDeque<Held> line = byPartition.get(partition);
        return line == null ? 0 : line.size();
    }

    /** How many records are held over every partition. */
    public int size() {
        return byPartition.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** The earliest due time of a partition's head record, if any record is held. */
    public OptionalLong nextDue() {
        return byPartition.values().stream().filter(line -> !line.isEmpty())
                .mapToLong(line -> line.peek().dueAtMillis()).min();
    }

    /** Drops the records of partitions this relay no longer owns; their next owner reads them again. */
    public void forget(Iterable<TopicPartition> partitions) {
        partitions.forEach(p -> {
            byPartition.remove(p);
            bytesByPartition.remove(p);
        });
    }
}
