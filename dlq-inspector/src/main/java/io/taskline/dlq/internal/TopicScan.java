package io.taskline.dlq.internal;

import io.taskline.dlq.ProgressListener;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic, from the beginning to the end offsets it finds when it starts, without a
 * consumer group: partitions are assigned, never subscribed, and no offset is committed, so no
 * group is created, joined or disturbed. Committed records only ({@code read_committed}).
 *
 * <p>Usage: {@code new TopicScan(settings).readAll("emails.dlq", record -> ..., ProgressListener.NONE);}
 */
public final class TopicScan {

    /** How long a scan may go without moving before it gives up. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final KafkaClientSettings settings;

    /** A scanner connecting with {@code settings}. */
    public TopicScan(KafkaClientSettings settings) {
        this.settings = settings;
    }

    /** Consumer settings tuned for reading a topic end to end fast, with no group. */
    public static Map<String, Object> consumerProperties(KafkaClientSettings settings) {
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                // A partition whose last offset is a transaction marker needs one more, empty fetch
                // to step past it; the broker holds an empty fetch this long.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1024 * 1024,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskline-dlq-reader-" + CLIENTS.incrementAndGet()));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        return props;
    }

    /**
     * Hands every committed record of {@code topic} below the end offsets found at the start to
     * {@code sink}, partition by partition in offset order (partitions interleave).
     *
     * @return the number of records handed over, or -1 when the topic does not exist
     */
    public long readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink, ProgressListener progress) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(settings),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return -1;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            return read(consumer, begin, end, sink, progress, topic);
        }
    }

    private static long read(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> begin,
                             Map<TopicPartition, Long> end, Consumer<ConsumerRecord<byte[], byte[]>> sink,
                             ProgressListener progress, String topic) {
        long total = 0;
        Map<TopicPartition, Long> remaining = new HashMap<>();
        for (TopicPartition tp : begin.keySet()) {
            long from = begin.get(tp);
            long to = end.get(tp);
            total += Math.max(0, to - from);
            consumer.seek(tp, from);
            if (to > from) {
                remaining.put(tp, to);
            }
        }
        consumer.pause(begin.keySet().stream().filter(tp -> !remaining.containsKey(tp)).toList());
        long handed = 0;
        long done = 0;
        long lastMove = System.nanoTime();
        progress.update(0, total);
        while (!remaining.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (TopicPartition tp : records.partitions()) {
                long stop = end.get(tp);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (record.offset() < stop) {
                        sink.accept(record);
                        handed++;
                    }
                }
            }
            long position = positions(consumer, begin, end, remaining);
            if (position > done || !records.isEmpty()) {
                lastMove = System.nanoTime();
                done = position;
                progress.update(done, total);
            } else if (System.nanoTime() - lastMove > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("reading " + topic + " made no progress for " + STALL_TIMEOUT.toSeconds()
                        + " s (still to read: " + remaining.keySet() + ")");
            }
        }
        return handed;
    }

    /** Offsets read so far over all partitions; pauses and drops partitions that reached their end. */
    private static long positions(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> begin,
                                  Map<TopicPartition, Long> end, Map<TopicPartition, Long> remaining) {
        List<TopicPartition> finished = new ArrayList<>();
        long sum = 0;
        for (TopicPartition tp : begin.keySet()) {
            if (!remaining.containsKey(tp)) {
                sum += end.get(tp) - begin.get(tp);
                continue;
            }
            long position = Math.min(consumer.position(tp), end.get(tp));
            sum += position - begin.get(tp);
            if (position >= end.get(tp)) {
                finished.add(tp);
            }
        }
        if (!finished.isEmpty()) {
            consumer.pause(finished);
            finished.forEach(remaining::remove);
        }
        return sum;
    }
}
