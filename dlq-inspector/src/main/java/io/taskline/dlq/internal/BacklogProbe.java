package io.taskline.dlq.internal;

import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the unprocessed part of partitions, from a start offset to an end offset, to count the
 * committed records in it and find the oldest one's timestamp. Offsets alone overcount: every
 * transaction leaves a marker and aborted records behind. A backlog longer than
 * {@link #EXACT_LIMIT} records is not read through; its size is estimated from offsets.
 * No consumer group is used, so nothing is joined or committed.
 *
 * <p>Usage: {@code Map<TopicPartition, Backlog> b = probe.read(from, end);}
 */
public final class BacklogProbe implements AutoCloseable {

    /** Largest backlog per partition that is counted record by record. */
    public static final long EXACT_LIMIT = 10_000;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** A probe connecting with {@code settings}. */
    public BacklogProbe(KafkaClientSettings settings) {
        Map<String, Object> props = TopicScan.consumerProperties(settings);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "taskline-lag-" + CLIENTS.incrementAndGet());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The backlog of a partition.
     *
     * @param records committed records from the start offset to the end offset
     * @param oldest the timestamp of the first of them, empty when there is none
     */
    public record Backlog(long records, Optional<Instant> oldest) {

        /** No backlog. */
        public static final Backlog NONE = new Backlog(0, Optional.empty());
    }

    /** The backlog of each partition between {@code from} (inclusive) and {@code end} (exclusive). */
    public Map<TopicPartition, Backlog> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Backlog> out = new HashMap<>();
        Map<TopicPartition, Long> counted = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        Set<TopicPartition> open = new HashSet<>();
        for (Map.Entry<TopicPartition, Long> e : from.entrySet()) {
            long stop = end.getOrDefault(e.getKey(), e.getValue());
            if (stop > e.getValue()) {
                open.add(e.getKey());
                counted.put(e.getKey(), 0L);
            } else {
                out.put(e.getKey(), Backlog.NONE);
            }
        }
        if (open.isEmpty()) {
            return out;
        }
        consumer.assign(open);
        open.forEach(tp -> consumer.seek(tp, from.get(tp)));
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (open.contains(tp) && record.offset() < end.get(tp)) {
                    counted.merge(tp, 1L, Long::sum);
                    first.putIfAbsent(tp, record.timestamp());
                }
            }
            Set<TopicPartition> done = new HashSet<>();
            for (TopicPartition tp : open) {
                long position = consumer.position(tp);
                boolean readThrough = position >= end.get(tp);
                boolean tooLong = position - from.get(tp) >= EXACT_LIMIT && first.containsKey(tp);
                if (readThrough || tooLong) {
                    done.add(tp);
                    out.put(tp, backlog(tp, readThrough, counted, first, position, end));
                }
            }
            consumer.pause(done);
            open.removeAll(done);
        }
        // Past the deadline: what was read so far, plus the unread offsets as an estimate.
        for (TopicPartition tp : open) {
            out.put(tp, backlog(tp, false, counted, first, consumer.position(tp), end));
        }
        consumer.unsubscribe();
        return out;
    }

    private static Backlog backlog(TopicPartition tp, boolean readThrough, Map<TopicPartition, Long> counted,
                                   Map<TopicPartition, Long> first, long position, Map<TopicPartition, Long> end) {
        long records = counted.getOrDefault(tp, 0L) + (readThrough ? 0 : Math.max(0, end.get(tp) - position));
        return new Backlog(records, Optional.ofNullable(first.get(tp)).map(Instant::ofEpochMilli));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
