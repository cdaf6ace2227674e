package io.taskline.producer.internal;

import io.taskline.schemas.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the records of one key from the partition the default partitioner gives that key, up to
 * the end as it is when asked, without a consumer group: how status commands answer from any
 * machine that reaches the cluster.
 */
public final class KeyedPartitionReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;

    private KeyedPartitionReader(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** A reader with {@code isolationLevel} ({@code read_committed} or {@code read_uncommitted}). */
    public static KeyedPartitionReader create(KafkaClientSettings settings, String isolationLevel) {
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KeyedPartitionReader(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** Every record of {@code key} in {@code topic}; empty when the topic does not exist. */
    public List<ConsumerRecord<byte[], byte[]>> all(String topic, String key) {
        return since(topic, key, 0L);
    }

    /** The records of {@code key} in {@code topic} written at or after {@code fromMillis}, oldest first. */
    public List<ConsumerRecord<byte[], byte[]>> since(String topic, String key, long fromMillis) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return new ArrayList<>();
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        // The producer's default partitioner for a keyed record.
        TopicPartition partition = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(keyBytes)) % infos.size());
        consumer.assign(List.of(partition));
        OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, fromMillis), TIMEOUT).get(partition);
        long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (start == null) {
            return out;
        }
        consumer.seek(partition, start.offset());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + partition + " took over " + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end && Arrays.equals(record.key(), keyBytes)) {
                    out.add(record);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
