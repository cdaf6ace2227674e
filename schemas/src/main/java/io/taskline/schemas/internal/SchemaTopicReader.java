package io.taskline.schemas.internal;

import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.SystemTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code taskline.schemas} into a {@link SchemaCatalog} without joining a consumer group,
 * and picks up where it stopped on the next call.
 */
public final class SchemaTopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, String> consumer;
    private final SchemaCatalog catalog;
    private final List<TopicPartition> partitions;

    /** Creates a reader positioned at the beginning of the topic. */
    public SchemaTopicReader(KafkaClientSettings settings, SchemaCatalog catalog) {
        this.catalog = catalog;
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.partitions = consumer.partitionsFor(SystemTopics.SCHEMAS, CATCH_UP_LIMIT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads every entry written before this call. */
    public synchronized void catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CATCH_UP_LIMIT);
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + SystemTopics.SCHEMAS);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                catalog.apply(record.key(), record.value());
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** Creates the compacted schema topic if it does not exist yet. */
    public static void ensureTopic(KafkaClientSettings settings) {
        try (Admin admin = Admin.create(settings.asMap())) {
            int brokers = admin.describeCluster().nodes().get().size();
            NewTopic topic = new NewTopic(SystemTopics.SCHEMAS, Optional.of(1), Optional.of((short) Math.min(3, brokers)))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + SystemTopics.SCHEMAS + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + SystemTopics.SCHEMAS, e);
        }
    }
}
