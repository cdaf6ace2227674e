package io.taskline.producer;

import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Answers "where is task X?" from any machine that reaches the cluster: reads the one partition
 * of {@code taskline.events} that holds the task's events (they are keyed by task id), from the
 * start of the window to the end, without a consumer group. Reads uncommitted events, so an
 * attempt in progress shows as running before its transaction commits.
 *
 * <p>Usage: {@code try (TaskStatusReader r = TaskStatusReader.create(settings)) { r.status(id).ifPresent(...); }}
 */
public final class TaskStatusReader implements AutoCloseable {

    /** How far back events are read unless told otherwise: the events topic's retention. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SchemaRegistry registry;
    private final RecordCodec codec;
    private final Clock clock;

    private TaskStatusReader(KafkaConsumer<byte[], byte[]> consumer, SchemaRegistry registry, Clock clock) {
        this.consumer = consumer;
        this.registry = registry;
        this.codec = new SingleObjectCodec(registry);
        this.clock = clock;
    }

    /** A reader connecting with {@code settings}. */
    public static TaskStatusReader create(KafkaClientSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /** A reader whose window ends at {@code clock}'s now. */
    public static TaskStatusReader create(KafkaClientSettings settings, Clock clock) {
        Map<String, Object> props = settings.with(Map.of(
                // A worker's STARTED event commits with the attempt's outcome; reading uncommitted
                // events is what lets a running task show as running. An aborted attempt's events
                // stay visible: that attempt did start.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            return new TaskStatusReader(consumer, KafkaSchemaRegistry.connect(settings), clock);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** The status of task {@code taskId} from its events of the last {@link #DEFAULT_WINDOW}. */
    public Optional<TaskStatus> status(String taskId) {
        return status(taskId, DEFAULT_WINDOW);
    }

    /** The status of task {@code taskId} from its events of the last {@code window}; empty when it has none. */
    public Optional<TaskStatus> status(String taskId, Duration window) {
        List<TaskEvent> events = events(taskId, window);
        events.sort(Comparator.comparing(TaskEvent::getAt));
        return events.isEmpty() ? Optional.empty() : Optional.of(TaskStatus.of(events));
    }

    private List<TaskEvent> events(String taskId, Duration window) {
        List<PartitionInfo> infos = consumer.partitionsFor(SystemTopics.EVENTS, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return new ArrayList<>();
        }
        byte[] key = taskId.getBytes(StandardCharsets.UTF_8);
        // The producer's default partitioner for a keyed record.
        TopicPartition partition = new TopicPartition(SystemTopics.EVENTS, Utils.toPositive(Utils.murmur2(key)) % infos.size());
        consumer.assign(List.of(partition));
        long from = clock.millis() - window.toMillis();
        OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, from), TIMEOUT).get(partition);
        long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        if (start == null) {
            return new ArrayList<>();
        }
        consumer.seek(partition, start.offset());
        List<TaskEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("reading " + partition + " took over "
                        + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end && Arrays.equals(record.key(), key)) {
                    decode(record).filter(e -> e.getTaskId().equals(taskId)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private Optional<TaskEvent> decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.of(codec.decode(record.value(), TaskEvent.class));
        } catch (UndecodableRecordException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        consumer.close();
        registry.close();
    }
}
