package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.processors.internal.FirePlanner;
import io.taskline.processors.internal.ScheduleNodes;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.retry.QueueSpec;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.MisfirePolicy;
import io.taskline.schemas.Schedule;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedules sub-topology driven by {@code advanceWallClockTime}: one task per fire time with
 * an id from the fire time, pause, resume, remove, trigger, misfire policies after downtime, and
 * a daylight-saving change.
 */
class ScheduleTopologyTest {

    private static final String QUEUE = "reports";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration TICK = Duration.ofMillis(200);

    @TempDir
    Path stateDir;

    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final RecordingHandler<Message> handler = aHandler(Message.class);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> schedules;
    private TestOutputTopic<byte[], byte[]> queue;
    private TestOutputTopic<byte[], byte[]> events;
    private Instant now;

    private void startAt(Instant start) {
        now = start;
        HandlerRegistry handlers = HandlerRegistry.builder().add("report", handler).build();
        Topology topology = TaskTopology.build(List.of(new QueueBinding(QueueSpec.of(QUEUE), handlers)), codec,
                Clock.systemUTC(), "w1");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "schedule-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, start);
        schedules = driver.createInputTopic(SystemTopics.SCHEDULES, new StringSerializer(), new ByteArraySerializer());
        queue = driver.createOutputTopic(QUEUE, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        events = driver.createOutputTopic(SystemTopics.EVENTS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void anEverySecondScheduleFiresOneTaskPerFireTimeWithAnIdFromTheFireTime() {
        startAt(START);
        put(aSchedule("ping").every(Duration.ofSeconds(1)));

        run(Duration.ofSeconds(5));

        List<Task> tasks = tasks();
        assertThat(tasks).extracting(Task::getId).containsExactly(
                "ping@2030-01-01T00:00:01Z", "ping@2030-01-01T00:00:02Z", "ping@2030-01-01T00:00:03Z",
                "ping@2030-01-01T00:00:04Z", "ping@2030-01-01T00:00:05Z");
        Task first = tasks.get(0);
        assertThat(first.getQueue()).isEqualTo(QUEUE);
        assertThat(first.getType()).isEqualTo("report");
        assertThat(first.getKey()).as("default key: the schedule id").isEqualTo("ping");
        assertThat(first.getAttempt()).isEqualTo(1);
        assertThat(first.getHeaders()).containsEntry(TaskHeaders.SCHEDULE_ID, "ping")
                .containsEntry(TaskHeaders.FIRE_TIME, "2030-01-01T00:00:01Z");
        assertThat(Duration.between(START.plusSeconds(1), first.getEnqueuedAt())).isBetween(Duration.ZERO, TICK);
        assertThat(codec.decode(first.getPayload().array(), Message.class).getMessage()).isEqualTo("hello");
        assertThat(enqueuedEvents()).extracting(TaskEvent::getTaskId)
                .containsExactlyElementsOf(tasks.stream().map(Task::getId).toList());
    }

    @Test
    void aFiredTaskRunsOnTheQueuesHandler() {
        startAt(START);
        put(aSchedule("ping").every(Duration.ofSeconds(1)));

        run(Duration.ofSeconds(1));
        tasks().forEach(task -> driver.createInputTopic(QUEUE, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(task.getKey().getBytes(), codec.encode(task)));

        assertThat(handler.executions()).extracting(e -> e.taskId()).containsExactly("ping@2030-01-01T00:00:01Z");
    }

    @Test
    void aCronScheduleFiresAtItsLocalTime() {
        startAt(Instant.parse("2030-01-01T04:59:00Z"));
        put(aSchedule("morning").cron("0 6 * * *", "Europe/Berlin"));

        run(Duration.ofMinutes(2));

        assertThat(tasks()).extracting(Task::getId).containsExactly("morning@2030-01-01T05:00:00Z");
    }

    @Test
    void aFixedTimeSkippedBySpringForwardFiresOnceAtTheChange() {
        startAt(Instant.parse("2030-03-31T00:58:00Z"));
        put(aSchedule("backup").cron("30 2 * * *", "Europe/Berlin"));

        run(Duration.ofMinutes(4));

        assertThat(tasks()).extracting(Task::getId).containsExactly("backup@2030-03-31T01:00:00Z");
    }

    @Test
    void pauseStopsFiresAndResumeGoesOnFromThenWithoutMakingUpThePause() {
        startAt(START);
        Schedule.Builder ping = aSchedule("ping").every(Duration.ofSeconds(1));
        put(ping);
        run(Duration.ofMillis(2_100));
        put(ping.setPaused(true).setUpdatedAt(now));
        run(Duration.ofSeconds(5));
        put(ping.setPaused(false).setUpdatedAt(now));
        run(Duration.ofSeconds(3));

        assertThat(tasks()).extracting(Task::getId).containsExactly(
                "ping@2030-01-01T00:00:01Z", "ping@2030-01-01T00:00:02Z",
                "ping@2030-01-01T00:00:08Z", "ping@2030-01-01T00:00:09Z", "ping@2030-01-01T00:00:10Z");
    }

    @Test
    void removeStopsFires() {
        startAt(START);
        put(aSchedule("ping").every(Duration.ofSeconds(1)));
        run(Duration.ofMillis(1_100));
        schedules.pipeInput("ping", null, now);
        run(Duration.ofSeconds(5));

        assertThat(tasks()).extracting(Task::getId).containsExactly("ping@2030-01-01T00:00:01Z");
    }

    @Test
    void triggerFiresOnceNowEvenWhenPausedAndARewriteOfTheSameTriggerDoesNotFireAgain() {
        startAt(START);
        Schedule.Builder nightly = aSchedule("nightly").cron("0 3 * * *", "UTC").setPaused(true);
        put(nightly);
        run(Duration.ofSeconds(1));
        Instant triggeredAt = now;
        put(nightly.setTriggeredAt(triggeredAt).setUpdatedAt(now));
        run(Duration.ofSeconds(1));
        put(nightly.setPaused(false).setUpdatedAt(now));
        run(Duration.ofSeconds(1));

        assertThat(tasks()).extracting(Task::getId).containsExactly("nightly@" + triggeredAt + "/trigger");
    }

    @Test
    void afterDowntimeFireOnceFiresOneCatchUpTaskForTheFirstMissedTime() {
        List<String> ids = downtimeOfTenMinutes(MisfirePolicy.FIRE_ONCE);

        assertThat(ids).containsExactly("m@2030-01-01T00:01:00Z", "m@2030-01-01T00:02:00Z",
                "m@2030-01-01T00:03:00Z", "m@2030-01-01T00:13:00Z");
    }

    @Test
    void afterDowntimeSkipFiresNothingUntilTheNextFireTime() {
        List<String> ids = downtimeOfTenMinutes(MisfirePolicy.SKIP);

        assertThat(ids).containsExactly("m@2030-01-01T00:01:00Z", "m@2030-01-01T00:02:00Z", "m@2030-01-01T00:13:00Z");
    }

    @Test
    void afterDowntimeFireAllFiresEveryMissedTime() {
        List<String> ids = downtimeOfTenMinutes(MisfirePolicy.FIRE_ALL);

        assertThat(ids).hasSize(13).startsWith("m@2030-01-01T00:01:00Z", "m@2030-01-01T00:02:00Z")
                .endsWith("m@2030-01-01T00:12:00Z", "m@2030-01-01T00:13:00Z").doesNotHaveDuplicates();
    }

    @Test
    void afterALongDowntimeFireAllFiresAtMostTheCap() {
        startAt(START);
        put(aSchedule("s").every(Duration.ofSeconds(1)).setMisfire(MisfirePolicy.FIRE_ALL));

        advance(Duration.ofHours(1));

        assertThat(tasks()).hasSize(FirePlanner.FIRE_ALL_CAP).first()
                .extracting(Task::getId).isEqualTo("s@2030-01-01T00:00:01Z");
    }

    @Test
    void aPauseShorterThanTheThresholdLosesNoFireWhateverThePolicy() {
        startAt(START);
        put(aSchedule("s").every(Duration.ofSeconds(1)).setMisfire(MisfirePolicy.SKIP));
        run(Duration.ofSeconds(2));

        advance(Duration.ofSeconds(30));
        run(Duration.ofSeconds(1));

        assertThat(tasks()).extracting(Task::getId).hasSize(33).doesNotHaveDuplicates()
                .endsWith("s@2030-01-01T00:00:33Z");
    }

    @Test
    void aScheduleForAQueueThisWorkerDoesNotServeDoesNotFireHere() {
        startAt(START);
        put(aSchedule("other").every(Duration.ofSeconds(1)).setQueue("elsewhere"));

        run(Duration.ofSeconds(3));

        assertThat(queue.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void theSchedulesSubTopologyComesAfterTheQueuesSoTheirTaskIdsStay() {
        startAt(START);
        Topology topology = TaskTopology.build(List.of(
                new QueueBinding(QueueSpec.of("zebra"), HandlerRegistry.builder().add("z", handler).build()),
                new QueueBinding(QueueSpec.of("alpha"), HandlerRegistry.builder().add("a", handler).build())),
                codec, Clock.systemUTC(), "w1");

        List<TopologyDescription.Subtopology> subtopologies = new ArrayList<>(topology.describe().subtopologies());
        subtopologies.sort(java.util.Comparator.comparingInt(TopologyDescription.Subtopology::id));

        assertThat(subtopologies).hasSizeGreaterThan(2);
        assertThat(subtopologies.get(2).nodes()).extracting(TopologyDescription.Node::name).contains(ScheduleNodes.SOURCE);
    }

    /** Fires at 00:01 and 00:02, then no look for ten minutes, then on to 00:13. */
    private List<String> downtimeOfTenMinutes(MisfirePolicy policy) {
        startAt(START);
        put(aSchedule("m").every(Duration.ofMinutes(1)).setMisfire(policy));
        run(Duration.ofMinutes(2));
        advance(Duration.ofMinutes(10));
        run(Duration.ofSeconds(61));
        return tasks().stream().map(Task::getId).toList();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A schedule builder with the test's queue, type and payload, added now. */
    private ScheduleBuilder aSchedule(String id) {
        return new ScheduleBuilder(id);
    }

    private void put(Schedule.Builder schedule) {
        Schedule built = schedule.build();
        schedules.pipeInput(built.getId(), codec.encode(built), now);
    }

    /** Advances the wall clock tick by tick, as a running worker sees it. */
    private void run(Duration duration) {
        Instant end = now.plus(duration);
        while (now.isBefore(end)) {
            advance(TICK);
        }
    }

    /** Advances the wall clock in one step, as a worker that was down sees it. */
    private void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    private List<Task> tasks() {
        return queue.readValuesToList().stream().map(v -> codec.decode(v, Task.class)).toList();
    }

    private List<TaskEvent> enqueuedEvents() {
        return events.readValuesToList().stream().map(v -> codec.decode(v, TaskEvent.class))
                .filter(e -> e.getEvent() == TaskEventType.ENQUEUED).toList();
    }

    /** Test data: {@code aSchedule("ping").every(Duration.ofSeconds(1)).setPaused(true)}. */
    private final class ScheduleBuilder {
        private final Schedule.Builder builder;

        ScheduleBuilder(String id) {
            builder = Schedule.newBuilder().setId(id).setQueue(QUEUE).setType("report")
                    .setPayload(ByteBuffer.wrap(codec.encode(Message.newBuilder().setMessage("hello").build())))
                    .setStartsAt(now).setUpdatedAt(now);
        }

        Schedule.Builder every(Duration period) {
            return builder.setEveryMs(period.toMillis());
        }

        Schedule.Builder cron(String expression, String zone) {
            return builder.setCron(expression).setZone(zone);
        }
    }
}
