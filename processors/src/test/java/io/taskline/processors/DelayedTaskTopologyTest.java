package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.processors.internal.DelayedTaskGate;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.MutableClock;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TaskBuilder;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delayed tasks in the worker topology, on a clock and a wall clock the test moves together. */
class DelayedTaskTopologyTest {

    private static final String QUEUE = "reminders";
    private static final Duration TIER = Duration.ofSeconds(5);
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration TICK = DelayedTaskGate.TICK;

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(START);
    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final RecordingHandler<Message> echo = aHandler(Message.class).named("echo");
    private final RecordingHandler<Message> failing = aHandler(Message.class).named("fail").failingTimes(1);
    private final RecordingHandler<Message> refusing = aHandler(Message.class).named("refuse").nonRetryable();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> queue;

    @BeforeEach
    void startDriver() {
        QueueSpec spec = QueueSpec.of(QUEUE).withTiers(List.of(TIER)).withMaxAttempts(2);
        HandlerRegistry handlers = HandlerRegistry.builder()
                .add("echo", echo).add("fail", failing).add("refuse", refusing).build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "delayed-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TaskTopology.build(List.of(new QueueBinding(spec, handlers)), codec, clock, "w1"),
                props, START);
        queue = driver.createInputTopic(QUEUE, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aThirtyDayDelayDoesNotRunEarlyAndRunsOnceWhenDue() {
        Instant runAt = START.plus(Duration.ofDays(30));
        pipe(aTask("t-month").runAt(runAt));

        advanceBoth(Duration.ofDays(30).minusMillis(1));
        assertThat(echo.executions()).as("a millisecond before it is due").isEmpty();

        advanceBoth(TICK);
        assertThat(echo.executionsOf("t-month")).as("one tick after it fell due").hasSize(1);

        advanceBoth(Duration.ofDays(30));
        assertThat(echo.executions()).as("never again").hasSize(1);
    }

    @Test
    void aDelayedTaskIsEnqueuedWithItsDueTimeThenStartsAndSucceedsWhenDue() {
        Instant runAt = START.plusSeconds(90);
        pipe(aTask("t-later").key("u-1").runAt(runAt));

        List<TaskEvent> parked = events();
        assertThat(parked).singleElement().satisfies(e -> {
            assertThat(e.getEvent()).isEqualTo(TaskEventType.ENQUEUED);
            assertThat(e.getTaskId()).isEqualTo("t-later");
            assertThat(e.getKey()).isEqualTo("u-1");
            assertThat(e.getAt()).isEqualTo(START);
            assertThat(e.getDueAt()).isEqualTo(runAt);
            assertThat(e.getWorker()).isEqualTo("w1");
        });

        advanceBoth(Duration.ofSeconds(90));
        List<TaskEvent> ran = events();
        assertThat(ran).extracting(TaskEvent::getEvent).containsExactly(TaskEventType.STARTED, TaskEventType.SUCCEEDED);
        assertThat(ran.get(0).getAt()).isAfterOrEqualTo(runAt);
    }

    @Test
    void aTaskDueInThePastRunsAtOnceWithoutBeingParked() {
        pipe(aTask("t-past").runAt(START.minusSeconds(60)));

        assertThat(echo.executionsOf("t-past")).hasSize(1);
        assertThat(events()).extracting(TaskEvent::getEvent).containsExactly(TaskEventType.STARTED, TaskEventType.SUCCEEDED);
    }

    @Test
    void delayedTasksRunInDueOrderNotPublishOrder() {
        pipe(aTask("t-3").runAt(START.plusSeconds(3)));
        pipe(aTask("t-1").runAt(START.plusSeconds(1)));
        pipe(aTask("t-2").runAt(START.plusSeconds(2)));

        advanceBoth(Duration.ofSeconds(5));

        assertThat(echo.executions()).extracting(Execution::taskId).containsExactly("t-1", "t-2", "t-3");
    }

    @Test
    void aDelayedTaskPublishedTwiceRunsOnce() {
        pipe(aTask("t-twice").runAt(START.plusSeconds(10)));
        pipe(aTask("t-twice").runAt(START.plusSeconds(10)));

        advanceBoth(Duration.ofSeconds(20));

        assertThat(echo.executionsOf("t-twice")).hasSize(1);
    }

    @Test
    void aDelayedTaskThatFailsRetriesThroughItsTierWithoutWaitingForItsRunTimeAgain() {
        pipe(aTask("t-retry").type("fail").runAt(START.plusSeconds(10)));
        advanceBoth(Duration.ofSeconds(10));

        TestRecord<byte[], byte[]> waiting = tier().readRecord();
        Task retried = codec.decode(waiting.value(), Task.class);
        assertThat(retried.getAttempt()).isEqualTo(2);
        assertThat(header(waiting, TaskHeaders.ORIGINAL_TOPIC)).as("routing headers do not travel to a tier").isNull();

        advanceBoth(TIER);
        queue.pipeInput(new TestRecord<>(waiting.key(), waiting.value(), waiting.headers(), clock.instant()));
        assertThat(failing.executionsOf("t-retry")).extracting(Execution::attempt).containsExactly(1, 2);
    }

    @Test
    void aDelayedTaskThatDiesIsADeadLetterNamingWhereItWasPublished() {
        pipe(aTask("t-before").runAt(START.minusSeconds(1)));
        pipe(aTask("t-dies").type("refuse").runAt(START.plusSeconds(10)));
        pipe(aTask("t-after").runAt(START.minusSeconds(1)));

        advanceBoth(Duration.ofSeconds(10));

        TestRecord<byte[], byte[]> dead = driver.createOutputTopic(QueueTopics.of(QUEUE).dlq(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecord();
        assertThat(codec.decode(dead.value(), Task.class).getId()).isEqualTo("t-dies");
        assertThat(header(dead, TaskHeaders.ORIGINAL_TOPIC)).isEqualTo(QUEUE);
        assertThat(header(dead, TaskHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(header(dead, TaskHeaders.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(header(dead, TaskHeaders.DLQ_REASON)).contains("NonRetryableException");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private TaskBuilder aTask(String id) {
        return TaskBuilder.aTask(codec, QUEUE, START, id);
    }

    private void pipe(TaskBuilder task) {
        Task t = task.build();
        byte[] key = t.getKey() == null ? null : t.getKey().getBytes(StandardCharsets.UTF_8);
        queue.pipeInput(new TestRecord<>(key, codec.encode(t), new RecordHeaders(), clock.instant()));
    }

    private void advanceBoth(Duration by) {
        clock.advance(by);
        driver.advanceWallClockTime(by);
    }

    private TestOutputTopic<byte[], byte[]> tier() {
        return driver.createOutputTopic(QueueTopics.of(QUEUE).tier(TIER), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The lifecycle events written since the last call. */
    private List<TaskEvent> events() {
        return driver.createOutputTopic(SystemTopics.EVENTS, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readValuesToList().stream().map(v -> codec.decode(v, TaskEvent.class)).toList();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
