package io.taskline.producer;

import io.taskline.producer.internal.PayloadValidator;
import io.taskline.producer.internal.QueueDirectory;
import io.taskline.producer.internal.ScheduleTopic;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.IncompatibleSchemaException;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.Schedule;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Adds, lists, pauses, resumes, triggers and removes recurring tasks. Schedules live in the
 * compacted {@code taskline.schedules} topic keyed by id; workers fire them. Every change is a
 * new version of the schedule (last writer wins); removing writes a tombstone. A payload is
 * checked and converted to Avro here, once, so every fire publishes the same bytes.
 *
 * <p>Usage:
 * <pre>{@code
 * try (ScheduleClient schedules = ScheduleClient.create(new TaskPublisherConfig(props))) {
 *     schedules.add(ScheduleRequest.of("nightly", Recurrence.cron("0 6 * * *", "Europe/Berlin"),
 *             TaskRequest.to("reports").type("report").payload(report).build()));
 *     schedules.pause("nightly");
 * }
 * }</pre>
 */
public final class ScheduleClient implements AutoCloseable {

    /** Partitions of {@code taskline.schedules}: how many stream tasks (and so workers) share the firing. */
    public static final int TOPIC_PARTITIONS = 3;

    private final SchemaRegistry registry;
    private final RecordCodec codec;
    private final QueueDirectory queues;
    private final ScheduleTopic topic;
    private final int maxTaskBytes;
    private final Clock clock;

    private ScheduleClient(TaskPublisherConfig config, Clock clock) {
        KafkaClientSettings settings = config.kafka();
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            ensureTopic(admin);
        }
        this.registry = KafkaSchemaRegistry.connect(settings);
        this.codec = new SingleObjectCodec(registry);
        this.queues = new QueueDirectory(settings);
        this.topic = new ScheduleTopic(settings);
        this.maxTaskBytes = config.getInt(TaskPublisherConfig.MAX_TASK_BYTES_CONFIG);
        this.clock = clock;
    }

    /** Connects a client; creates {@code taskline.schedules} if it is missing. */
    public static ScheduleClient create(TaskPublisherConfig config) {
        return new ScheduleClient(config, Clock.systemUTC());
    }

    /** Connects a client whose timestamps come from {@code clock}. */
    public static ScheduleClient create(TaskPublisherConfig config, Clock clock) {
        return new ScheduleClient(config, clock);
    }

    /** Creates the compacted {@code taskline.schedules} topic if it is missing (workers call this at start). */
    public static void ensureTopic(QueueTopicAdmin admin) {
        admin.ensureTopic(SystemTopics.SCHEDULES, TOPIC_PARTITIONS,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * Validates and stores a schedule; one with the same id is replaced, and counts its fires
     * from now.
     *
     * @throws InvalidTaskException for an unknown queue or a payload that does not fit its type
     * @throws InvalidScheduleException for a recurrence that never fires
     */
    public ScheduleInfo add(ScheduleRequest request) {
        TaskRequest task = request.task();
        queues.requireExists(task.queue());
        PayloadValidator.requireValid(task.type(), task.payload());
        Schema schema = task.payload().getSchema();
        registry.typeSchema(task.queue(), task.type()).filter(bound -> !bound.getFullName().equals(schema.getFullName()))
                .ifPresent(bound -> {
                    throw new InvalidTaskException("type " + task.type() + " on queue " + task.queue() + " takes "
                            + bound.getFullName() + ", got " + schema.getFullName());
                });
        Instant now = clock.instant();
        Recurrence recurrence = request.recurrence().startingAt(now);
        if (recurrence.next(now).isEmpty()) {
            throw new InvalidScheduleException(recurrence + " never fires");
        }
        Schedule schedule = Schedule.newBuilder()
                .setId(request.id()).setQueue(task.queue()).setType(task.type()).setKey(task.key())
                .setPayload(ByteBuffer.wrap(encodePayload(task)))
                .setMaxAttempts(task.maxAttempts()).setHeaders(new HashMap<>(task.headers()))
                .setCron(recurrence.cron().orElse(null)).setZone(recurrence.zone().getId())
                .setEveryMs(recurrence.every().map(Duration::toMillis).orElse(null))
                .setStartsAt(now).setMisfire(request.misfire()).setUpdatedAt(now)
                .build();
        topic.write(schedule.getId(), codec.encode(schedule));
        return ScheduleInfo.of(schedule, now);
    }

    private byte[] encodePayload(TaskRequest request) {
        byte[] payload;
        try {
            payload = codec.encode(request.payload());
        } catch (IncompatibleSchemaException e) {
            throw new InvalidTaskException(e.getMessage(), e);
        }
        if (payload.length > maxTaskBytes) {
            throw new InvalidTaskException("payload of type " + request.type() + " is " + payload.length
                    + " bytes, over the limit of " + maxTaskBytes + " (" + TaskPublisherConfig.MAX_TASK_BYTES_CONFIG + ")");
        }
        return payload;
    }

    /** Every schedule, by id, with its next fire time from now. */
    public List<ScheduleInfo> list() {
        Instant now = clock.instant();
        return topic.readAll().values().stream().map(bytes -> ScheduleInfo.of(decode(bytes), now)).toList();
    }

    /** One schedule; throws {@link InvalidScheduleException} when there is none with this id. */
    public ScheduleInfo get(String id) {
        return ScheduleInfo.of(current(id), clock.instant());
    }

    /** Stops the fires of a schedule until {@link #resume}. */
    public ScheduleInfo pause(String id) {
        return update(id, s -> s.setPaused(true));
    }

    /** Lets a paused schedule fire again, from now on: fire times missed while paused are not made up. */
    public ScheduleInfo resume(String id) {
        return update(id, s -> s.setPaused(false));
    }

    /** Asks the workers to fire a schedule once, now, even when paused; its regular fires go on as before. */
    public ScheduleInfo trigger(String id) {
        return update(id, s -> {
            long previous = s.getTriggeredAt() == null ? Long.MIN_VALUE : s.getTriggeredAt().toEpochMilli();
            // A second trigger in the same millisecond must still be a new value, or workers would not fire it.
            return s.setTriggeredAt(Instant.ofEpochMilli(Math.max(clock.millis(), previous + 1)));
        });
    }

    /** Removes a schedule (a tombstone); its fires stop. Returns the schedule as it was. */
    public ScheduleInfo remove(String id) {
        Schedule schedule = current(id);
        topic.write(id, null);
        return ScheduleInfo.of(schedule, clock.instant());
    }

    /**
     * Returns when {@code queue} is a queue that exists; throws {@link InvalidTaskException}
     * suggesting {@code taskline topics create} otherwise.
     */
    public void requireQueue(String queue) {
        queues.requireExists(queue);
    }

    /** The schema registry, e.g. to look up a type's payload schema. */
    public SchemaRegistry registry() {
        return registry;
    }

    private ScheduleInfo update(String id, UnaryOperator<Schedule.Builder> change) {
        Schedule schedule = change.apply(Schedule.newBuilder(current(id))).setUpdatedAt(clock.instant()).build();
        topic.write(id, codec.encode(schedule));
        return ScheduleInfo.of(schedule, clock.instant());
    }

    private Schedule current(String id) {
        byte[] bytes = topic.readAll().get(id);
        if (bytes == null) {
            throw new UnknownScheduleException(id);
        }
        return decode(bytes);
    }

    private Schedule decode(byte[] bytes) {
        return codec.decode(bytes, Schedule.class);
    }

    @Override
    public void close() {
        topic.close();
        queues.close();
        registry.close();
    }
}
