package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.processors.testing.MutableClock;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TaskBuilder;
import io.taskline.retry.NonRetryableException;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.Failure;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
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

/** The worker topology driven without a broker, on a clock the test moves. */
class TaskTopologyTest {

    private static final String QUEUE = "emails";
    private static final Duration TIER_1 = Duration.ofSeconds(5);
    private static final Duration TIER_2 = Duration.ofMinutes(1);
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final QueueTopics TOPICS = QueueTopics.of(QUEUE);

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(START);
    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final RecordingHandler<Message> echo = aHandler(Message.class).named("echo");
    private final RecordingHandler<Message> failing = aHandler(Message.class).named("fail").alwaysFailing();
    private final RecordingHandler<Message> refusing = aHandler(Message.class).named("refuse").nonRetryable();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> queue;

    @BeforeEach
    void startDriver() {
        QueueSpec spec = QueueSpec.of(QUEUE).withTiers(List.of(TIER_1, TIER_2)).withMaxAttempts(3);
        HandlerRegistry handlers = HandlerRegistry.builder()
                .add("echo", echo).add("fail", failing).add("refuse", refusing).build();
        var topology = TaskTopology.build(List.of(new QueueBinding(spec, handlers)), codec, clock, "w1");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put("processing.exception.handler.global.enabled", true);
        driver = new TopologyTestDriver(topology, props, START);
        queue = driver.createInputTopic(QUEUE, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- success ------------------------------------------------------------------------------

    @Test
    void aSuccessfulTaskRunsOnceAndWritesOneStartedAndOneSucceededEvent() {
        pipe(aTask("t-1").type("echo").key("u-1").message("hello"));

        assertThat(echo.executions()).singleElement().satisfies(e -> {
            assertThat(e.taskId()).isEqualTo("t-1");
            assertThat(e.key()).isEqualTo("u-1");
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(((Message) e.payload()).getMessage()).isEqualTo("hello");
        });
        List<TaskEvent> events = events();
        assertThat(events).extracting(TaskEvent::getEvent)
                .containsExactly(TaskEventType.STARTED, TaskEventType.SUCCEEDED);
        events.forEach(ev -> {
            assertThat(ev.getTaskId()).isEqualTo("t-1");
            assertThat(ev.getQueue()).isEqualTo(QUEUE);
            assertThat(ev.getType()).isEqualTo("echo");
            assertThat(ev.getKey()).isEqualTo("u-1");
            assertThat(ev.getAttempt()).isEqualTo(1);
            assertThat(ev.getWorker()).isEqualTo("w1");
            assertThat(ev.getAt()).isEqualTo(START);
        });
        assertThat(events.get(1).getDurationMs()).isNotNull().isNotNegative();
        assertThat(tier(TIER_1).isEmpty()).isTrue();
        assertThat(dlq().isEmpty()).isTrue();
    }

    @Test
    void theEventsOfATaskAreKeyedByItsIdSoTheyStayInOrder() {
        pipe(aTask("t-key").type("echo").key("u-7"));

        List<TestRecord<byte[], byte[]>> records =
                driver.createOutputTopic(SystemTopics.EVENTS, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList();
        assertThat(records).hasSize(2).allSatisfy(
                r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("t-key"));
    }

    @Test
    void aDuplicateTaskIdAfterSuccessIsSkippedWithoutASecondExecution() {
        pipe(aTask("t-dup").type("echo").message("first"));
        clock.advance(Duration.ofMinutes(5));
        pipe(aTask("t-dup").type("echo").message("second"));

        assertThat(echo.executionsOf("t-dup")).hasSize(1);
        assertThat(((Message) echo.executionsOf("t-dup").get(0).payload()).getMessage()).isEqualTo("first");
        assertThat(events()).extracting(TaskEvent::getEvent)
                .containsExactly(TaskEventType.STARTED, TaskEventType.SUCCEEDED);
    }

    @Test
    void aDuplicateWithinTheDedupWindowIsSkippedEvenAfterThePurgeRanAndRunsAgainOnceTheWindowPassed() {
        // The default window is 24 h; the purge runs every 10 minutes of wall-clock time.
        pipe(aTask("t-window").type("echo"));

        advanceBoth(Duration.ofHours(23));
        pipe(aTask("t-window").type("echo"));
        assertThat(echo.executionsOf("t-window")).hasSize(1);

        advanceBoth(Duration.ofHours(2));
        pipe(aTask("t-window").type("echo"));
        assertThat(echo.executionsOf("t-window")).hasSize(2);
    }

    // ---- failures and tiers -------------------------------------------------------------------

    @Test
    void aFailedFirstAttemptWaitsInTheFirstTierAsAttemptTwoDueAtClockPlusTier() {
        Headers in = new RecordHeaders().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        pipe(aTask("t-fail").type("fail").key("u-2"), in);

        List<TestRecord<byte[], byte[]>> waiting = tier(TIER_1).readRecordsToList();
        assertThat(waiting).hasSize(1);
        TestRecord<byte[], byte[]> record = waiting.get(0);
        assertThat(header(record.headers(), TaskHeaders.DUE_AT)).isEqualTo(Long.toString(START.plus(TIER_1).toEpochMilli()));
        assertThat(header(record.headers(), "trace")).as("publisher headers travel with the task").isEqualTo("abc");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u-2");
        Task retried = codec.decode(record.value(), Task.class);
        assertThat(retried.getId()).isEqualTo("t-fail");
        assertThat(retried.getAttempt()).isEqualTo(2);
        assertThat(retried.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.getAttempt()).isEqualTo(1);
            assertThat(f.getAt()).isEqualTo(START);
            assertThat(f.getWorker()).isEqualTo("w1");
            assertThat(f.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(f.getMessage()).isEqualTo("failure 1 of t-fail");
            assertThat(f.getStack()).contains("IllegalStateException").contains("RecordingHandler");
        });
        assertThat(tier(TIER_2).isEmpty()).isTrue();
        assertThat(dlq().isEmpty()).isTrue();
        List<TaskEvent> events = events();
        assertThat(events).extracting(TaskEvent::getEvent)
                .containsExactly(TaskEventType.STARTED, TaskEventType.RETRYING);
        TaskEvent retrying = events.get(1);
        assertThat(retrying.getAttempt()).isEqualTo(1);
        assertThat(retrying.getTier()).isEqualTo("5s");
        assertThat(retrying.getDueAt()).isEqualTo(START.plus(TIER_1));
        assertThat(retrying.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(retrying.getErrorMessage()).isEqualTo("failure 1 of t-fail");
    }

    @Test
    void aFailedSecondAttemptWaitsInTheSecondTierKeepingTheEarlierFailure() {
        pipe(aTask("t-second").type("fail").attempt(2).failures(aFailure(1)));

        assertThat(tier(TIER_1).isEmpty()).isTrue();
        List<TestRecord<byte[], byte[]>> waiting = tier(TIER_2).readRecordsToList();
        assertThat(waiting).hasSize(1);
        assertThat(header(waiting.get(0).headers(), TaskHeaders.DUE_AT))
                .isEqualTo(Long.toString(START.plus(TIER_2).toEpochMilli()));
        Task retried = codec.decode(waiting.get(0).value(), Task.class);
        assertThat(retried.getAttempt()).isEqualTo(3);
        assertThat(retried.getFailures()).extracting(Failure::getAttempt).containsExactly(1, 2);
    }

    @Test
    void failuresBeyondTheLastTierKeepWaitingInTheLastTier() {
        pipe(aTask("t-many").type("fail").attempt(4).maxAttempts(6));

        assertThat(tier(TIER_1).isEmpty()).isTrue();
        Task retried = codec.decode(tier(TIER_2).readValue(), Task.class);
        assertThat(retried.getAttempt()).isEqualTo(5);
    }

    @Test
    void aRetryingTaskIsNeverDueBeforeTheClockPlusItsTier() {
        clock.advance(Duration.ofMillis(1234));
        pipe(aTask("t-due").type("fail"));

        long dueAt = Long.parseLong(header(tier(TIER_1).readRecord().headers(), TaskHeaders.DUE_AT));
        assertThat(dueAt).isEqualTo(clock.millis() + TIER_1.toMillis());
    }

    // ---- dead letters -------------------------------------------------------------------------

    @Test
    void theLastAllowedAttemptFailingIsADeadLetterWithEveryFailureAndItsOrigin() {
        pipe(aTask("t-dead").type("fail").key("u-3").attempt(3).failures(aFailure(1), aFailure(2)));

        assertThat(tier(TIER_1).isEmpty()).isTrue();
        assertThat(tier(TIER_2).isEmpty()).isTrue();
        List<TestRecord<byte[], byte[]>> dead = dlq().readRecordsToList();
        assertThat(dead).hasSize(1);
        Headers headers = dead.get(0).headers();
        assertThat(header(headers, TaskHeaders.DLQ_REASON)).isEqualTo("failed 3 of 3 attempts");
        assertThat(header(headers, TaskHeaders.ORIGINAL_TOPIC)).isEqualTo(QUEUE);
        assertThat(header(headers, TaskHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(header(headers, TaskHeaders.ORIGINAL_OFFSET)).isEqualTo("0");
        assertThat(header(headers, TaskHeaders.UNDECODABLE)).isNull();
        assertThat(headers.lastHeader(TaskHeaders.DUE_AT)).isNull();
        Task task = codec.decode(dead.get(0).value(), Task.class);
        assertThat(task.getId()).isEqualTo("t-dead");
        assertThat(task.getFailures()).extracting(Failure::getAttempt).containsExactly(1, 2, 3);
        assertThat(events()).extracting(TaskEvent::getEvent).containsExactly(TaskEventType.STARTED, TaskEventType.DEAD);
    }

    @Test
    void aTasksOwnMaxAttemptsOverridesTheQueues() {
        pipe(aTask("t-once").type("fail").maxAttempts(1));

        assertThat(tier(TIER_1).isEmpty()).isTrue();
        assertThat(header(dlq().readRecord().headers(), TaskHeaders.DLQ_REASON)).isEqualTo("failed 1 of 1 attempts");
    }

    @Test
    void aNonRetryableFailureIsADeadLetterAfterTheFirstAttempt() {
        pipe(aTask("t-refuse").type("refuse"));

        assertThat(refusing.executions()).hasSize(1);
        assertThat(tier(TIER_1).isEmpty()).isTrue();
        TestRecord<byte[], byte[]> dead = dlq().readRecord();
        assertThat(header(dead.headers(), TaskHeaders.DLQ_REASON)).contains(NonRetryableException.class.getName());
        assertThat(codec.decode(dead.value(), Task.class).getFailures()).singleElement()
                .satisfies(f -> assertThat(f.getMessage()).isEqualTo("refused t-refuse"));
    }

    @Test
    void anUnknownTaskTypeIsADeadLetterAfterAttemptOneNamingTheType() {
        pipe(aTask("t-unknown").type("no-such-type"));

        assertThat(tier(TIER_1).isEmpty()).isTrue();
        Task task = codec.decode(dlq().readValue(), Task.class);
        assertThat(task.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.getAttempt()).isEqualTo(1);
            assertThat(f.getMessage()).contains("no-such-type");
        });
        assertThat(events()).extracting(TaskEvent::getEvent).as("never started").containsExactly(TaskEventType.DEAD);
    }

    @Test
    void anExpiredTaskIsADeadLetterWithoutRunning() {
        pipe(aTask("t-expired").type("echo").expiresAt(START.minusSeconds(1)));

        assertThat(echo.executions()).isEmpty();
        Task task = codec.decode(dlq().readValue(), Task.class);
        assertThat(task.getFailures()).singleElement()
                .satisfies(f -> assertThat(f.getMessage()).contains("expired"));
    }

    @Test
    void garbageGoesToTheDeadLetterTopicAsItsRawBytes() {
        byte[] garbage = "not a task".getBytes(StandardCharsets.UTF_8);
        Headers in = new RecordHeaders().add("origin", "legacy".getBytes(StandardCharsets.UTF_8));
        Instant published = clock.instant().minus(Duration.ofHours(2));
        queue.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), garbage, in, published));
        pipe(aTask("t-after").type("echo"));

        List<TestRecord<byte[], byte[]>> dead = dlq().readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).timestamp()).as("stamped when it was dead-lettered, not when published")
                .isEqualTo(clock.millis());
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(dead.get(0).key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        Headers headers = dead.get(0).headers();
        assertThat(header(headers, TaskHeaders.UNDECODABLE)).isEqualTo("true");
        assertThat(header(headers, TaskHeaders.DLQ_REASON)).contains("not Avro single-object encoded");
        assertThat(header(headers, TaskHeaders.ORIGINAL_TOPIC)).isEqualTo(QUEUE);
        assertThat(header(headers, TaskHeaders.ORIGINAL_OFFSET)).isEqualTo("0");
        assertThat(header(headers, "origin")).isEqualTo("legacy");
        assertThat(echo.executionsOf("t-after")).as("the task after the garbage still runs").hasSize(1);
    }

    @Test
    void aPayloadThatCannotBeReadAsTheHandlersTypeIsADeadLetterWithoutRunning() {
        byte[] notAPayload = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        pipe(aTask("t-badpayload").type("echo").payloadBytes(notAPayload));

        assertThat(echo.executions()).isEmpty();
        Task task = codec.decode(dlq().readValue(), Task.class);
        assertThat(task.getFailures()).singleElement()
                .satisfies(f -> assertThat(f.getMessage()).contains("payload cannot be read as Message"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void advanceBoth(Duration by) {
        clock.advance(by);
        driver.advanceWallClockTime(by);
    }

    private void pipe(TaskBuilder task) {
        pipe(task, new RecordHeaders());
    }

    private void pipe(TaskBuilder task, Headers headers) {
        Task t = task.build();
        byte[] key = t.getKey() == null ? null : t.getKey().getBytes(StandardCharsets.UTF_8);
        queue.pipeInput(new TestRecord<>(key, codec.encode(t), headers, clock.instant()));
    }

    private TestOutputTopic<byte[], byte[]> tier(Duration delay) {
        return driver.createOutputTopic(TOPICS.tier(delay), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private TestOutputTopic<byte[], byte[]> dlq() {
        return driver.createOutputTopic(TOPICS.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TaskEvent> events() {
        List<TaskEvent> out = new ArrayList<>();
        driver.createOutputTopic(SystemTopics.EVENTS, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readValuesToList().forEach(v -> out.add(codec.decode(v, TaskEvent.class)));
        return out;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private Failure aFailure(int attempt) {
        return Failure.newBuilder().setAttempt(attempt).setAt(START.minusSeconds(60)).setWorker("w0")
                .setErrorClass(IllegalStateException.class.getName()).setMessage("earlier " + attempt).build();
    }

    private TaskBuilder aTask(String id) {
        return TaskBuilder.aTask(codec, QUEUE, START, id);
    }
}
