package io.taskline.cli.demo;

import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.UndecodableRecordException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows {@code taskline.events} on its own thread while the demo runs, prints each event as it
 * happens, and counts where each task ended.
 */
final class DemoEventFeed implements Runnable, AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordCodec codec;
    private final PrintWriter out;
    private final Instant start = Instant.now();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, TaskEventType> lastEvent = new ConcurrentHashMap<>();
    private final Map<TaskEventType, Integer> counts = new EnumMap<>(TaskEventType.class);
    private Thread thread;

    DemoEventFeed(KafkaClientSettings settings, RecordCodec codec, PrintWriter out) {
        this.codec = codec;
        this.out = out;
        this.consumer = new KafkaConsumer<>(settings.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(SystemTopics.EVENTS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Starts following on a daemon thread. */
    DemoEventFeed start() {
        thread = new Thread(this, "taskline-demo-events");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        while (running.get()) {
            List<TaskEvent> batch = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                try {
                    batch.add(codec.decode(record.value(), TaskEvent.class));
                } catch (UndecodableRecordException e) {
                    out.println("  (an event could not be decoded: " + e.getMessage() + ")");
                }
            }
            batch.sort(Comparator.comparing(TaskEvent::getAt));
            batch.forEach(this::show);
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private synchronized void show(TaskEvent e) {
        lastEvent.put(e.getTaskId(), e.getEvent());
        counts.merge(e.getEvent(), 1, Integer::sum);
        out.println(DemoFormat.eventLine(e, start));
    }

    /** How many published (not scheduled) tasks have ended in {@code state} (their latest event). */
    long tasksIn(TaskEventType state) {
        return lastEvent.entrySet().stream()
                .filter(e -> !DemoTasks.isScheduled(e.getKey()) && e.getValue() == state).count();
    }

    /** How many fires of the demo's schedule have succeeded. */
    long scheduledSucceeded() {
        return lastEvent.entrySet().stream()
                .filter(e -> DemoTasks.isScheduled(e.getKey()) && e.getValue() == TaskEventType.SUCCEEDED).count();
    }

    /** How many events of {@code type} were seen. */
    synchronized int events(TaskEventType type) {
        return counts.getOrDefault(type, 0);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(10_000);
        }
    }

    static String clock(Instant at) {
        return CLOCK.format(at);
    }
}
