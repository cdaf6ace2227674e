package io.taskline.producer.internal;

import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.SystemTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads the compacted {@code taskline.schedules} topic to its end, without a consumer group, and
 * writes schedule versions and tombstones to it.
 */
public final class ScheduleTopic implements AutoCloseable {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;

    /** Connects a consumer and an idempotent producer. */
    public ScheduleTopic(KafkaClientSettings settings) {
        Map<String, Object> consumerProps = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(settings.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new StringSerializer(), new ByteArraySerializer());
    }

    /** The latest value of every schedule id that has not been removed, by id. */
    public synchronized Map<String, byte[]> readAll() {
        List<TopicPartition> partitions = consumer.partitionsFor(SystemTopics.SCHEDULES, LIMIT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, LIMIT);
        Map<String, byte[]> latest = new TreeMap<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + SystemTopics.SCHEDULES);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }

    /** Writes {@code value} (null: a tombstone) under {@code id} and waits for the acknowledgement. */
    public void write(String id, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(SystemTopics.SCHEDULES, id, value)).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write schedule " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        producer.close(LIMIT);
        consumer.close(Duration.ofSeconds(5));
    }
}
