package io.taskline.cli;

import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code taskline.events} from the beginning without a consumer group (every partition
 * assigned, committed records only), decodes each event and hands it on, each poll's batch in
 * time order.
 *
 * <p>Usage: {@code try (EventReader r = new EventReader(settings, "demo")) { r.read(false, System.out::println); }}
 */
public final class EventReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOPIC_CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaClientSettings settings;
    private final String queue;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private SchemaRegistry registry;

    /** Connects a consumer; {@code queue} filters events, or null for all queues. */
    public EventReader(KafkaClientSettings settings, String queue) {
        this.settings = settings;
        this.queue = queue;
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Hands every event to {@code sink}. Without {@code follow}, returns at the end offsets seen at
     * the start (at once when the topic does not exist); with it, waits for the topic and new
     * events until {@link #stop()}.
     */
    public void read(boolean follow, Consumer<TaskEvent> sink) {
        try {
            List<TopicPartition> partitions = partitions(follow);
            if (partitions.isEmpty()) {
                return;
            }
            registry = KafkaSchemaRegistry.connect(settings);
            RecordCodec codec = new SingleObjectCodec(registry);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopped() && (follow || !reached(end))) {
                List<TaskEvent> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TaskEvent event = decode(codec, record);
                    if (event != null && (queue == null || queue.equals(event.getQueue()))) {
                        batch.add(event);
                    }
                }
                batch.sort(Comparator.comparing(TaskEvent::getAt));
                batch.forEach(sink);
            }
        } catch (WakeupException e) {
            if (!stopped()) {
                throw e;
            }
        } finally {
            finished.countDown();
        }
    }

    /** Makes a running {@link #read} return soon, and waits briefly for it; safe from any thread. */
    public void stop() {
        stopRequested.countDown();
        consumer.wakeup();
        try {
            finished.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        consumer.close(STOP_TIMEOUT);
        if (registry != null) {
            registry.close();
        }
    }

    private List<TopicPartition> partitions(boolean follow) {
        while (!stopped()) {
            List<PartitionInfo> infos = consumer.listTopics(METADATA_TIMEOUT).get(SystemTopics.EVENTS);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (!follow || awaitStop(TOPIC_CHECK_EVERY)) {
                break;
            }
        }
        return List.of();
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static TaskEvent decode(RecordCodec codec, ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decode(record.value(), TaskEvent.class);
        } catch (UndecodableRecordException e) {
            log.warn("skipping undecodable event at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    private boolean stopped() {
        return stopRequested.getCount() == 0;
    }

    private boolean awaitStop(Duration timeout) {
        try {
            return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
