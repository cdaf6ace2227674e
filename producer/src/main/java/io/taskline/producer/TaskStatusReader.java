package io.taskline.producer;

import io.taskline.producer.internal.KeyedPartitionReader;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

    private final KeyedPartitionReader reader;
    private final SchemaRegistry registry;
    private final RecordCodec codec;
    private final Clock clock;

    private TaskStatusReader(KeyedPartitionReader reader, SchemaRegistry registry, Clock clock) {
        this.reader = reader;
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
        // A worker's STARTED event commits with the attempt's outcome; reading uncommitted
        // events is what lets a running task show as running. An aborted attempt's events
        // stay visible: that attempt did start.
        KeyedPartitionReader reader = KeyedPartitionReader.create(settings, "read_uncommitted");
        try {
            return new TaskStatusReader(reader, KafkaSchemaRegistry.connect(settings), clock);
        } catch (RuntimeException e) {
            reader.close();
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
        List<TaskEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : reader.since(SystemTopics.EVENTS, taskId,
                clock.millis() - window.toMillis())) {
            decode(record).filter(e -> e.getTaskId().equals(taskId)).ifPresent(out::add);
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
        reader.close();
        registry.close();
    }
}
