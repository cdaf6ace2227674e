package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** {@code ordering=key} in the topology alone: which task runs, which is parked, and when it is released. */
class KeyOrderingTopologyTest {

    private static final String QUEUE = "accounts";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(START);
    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final List<Execution> runs = new CopyOnWriteArrayList<>();
    private final RecordingHandler<io.taskline.schemas.examples.Message> flaky =
            aHandler(io.taskline.schemas.examples.Message.class, runs).named("flaky").failingTimes(1);
    private final RecordingHandler<io.taskline.schemas.examples.Message> ok =
            aHandler(io.taskline.schemas.examples.Message.class, runs).named("ok");
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> queue;
    private TestOutputTopic<byte[], byte[]> events;

    @BeforeEach
    void start() {
        QueueSpec spec = QueueSpec.of(QUEUE).withTiers(List.of(Duration.ofSeconds(5))).withMaxAttempts(2);
        HandlerRegistry handlers = HandlerRegistry.builder().add("flaky", flaky).add("ok", ok).build();
        QueueBinding binding = new QueueBinding(spec, handlers, QueueExecution.defaults().withOrdering(Ordering.KEY));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-ordering-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TaskTopology.build(List.of(binding), codec, clock, "w1"), props, START);
        queue = driver.createInputTopic(QUEUE, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void laterTasksOfARetryingKeyAreParkedAndReleasedInOrderWhenItSucceeds() {
        pipe(task("k1", "flaky", "k").build());
        pipe(task("k2", "ok", "k").build());
        pipe(task("o1", "ok", "other").build());
        pipe(task("k3", "ok", "k").build());

        assertThat(runs()).containsExactly("k1#1", "o1#1");

        pipe(retried("k1", "flaky", "k"));

        assertThat(runs()).containsExactly("k1#1", "o1#1", "k1#2", "k2#1", "k3#1");
    }

    @Test
    void aParkedTaskHasAParkedEventNamingTheTaskItWaitsForAndStartsAfterItsRelease() {
        pipe(task("k1", "flaky", "k").build());
        pipe(task("k2", "ok", "k").build());
        pipe(task("o1", "ok", "other").build());

        assertThat(events()).containsExactly("k1 STARTED", "k1 RETRYING", "k2 PARKED behind k1", "o1 STARTED",
                "o1 SUCCEEDED");

        pipe(retried("k1", "flaky", "k"));

        assertThat(events()).containsExactly("k1 STARTED", "k1 SUCCEEDED", "k2 STARTED", "k2 SUCCEEDED");
    }

    @Test
    void aTaskWithoutAKeyIsNeverParked() {
        pipe(task("k1", "flaky", "k").build());
        pipe(task("n1", "ok", null).build());

        assertThat(runs()).containsExactly("k1#1", "n1#1");
    }

    @Test
    void aParkedKeyIsReleasedWhenItsTaskDies() {
        pipe(task("k1", "flaky", "k").build());
        pipe(task("k2", "ok", "k").build());
        flaky.failingTimes(Integer.MAX_VALUE);

        pipe(retried("k1", "flaky", "k"));

        assertThat(runs()).containsExactly("k1#1", "k1#2", "k2#1");
        assertThat(driver.createOutputTopic(QueueTopics.of(QUEUE).dlq(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readValuesToList()).hasSize(1);
    }

    /** The events written since the last call, as "taskId EVENT". */
    private List<String> events() {
        if (events == null) {
            events = driver.createOutputTopic(SystemTopics.EVENTS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return events.readValuesToList().stream().map(v -> codec.decode(v, TaskEvent.class))
                .map(e -> e.getTaskId() + " " + e.getEvent() + (e.getBlockedBy() == null ? "" : " behind " + e.getBlockedBy()))
                .toList();
    }

    private List<String> runs() {
        return runs.stream().map(e -> e.taskId() + "#" + e.attempt()).toList();
    }

    private TaskBuilder task(String id, String type, String key) {
        TaskBuilder b = TaskBuilder.aTask(codec, QUEUE, START, id).type(type).message(id);
        return key == null ? b : b.key(key);
    }

    /** The task as the retry relay hands it back: attempt 2. */
    private Task retried(String id, String type, String key) {
        return task(id, type, key).attempt(2).build();
    }

    private void pipe(Task t) {
        byte[] key = t.getKey() == null ? null : t.getKey().getBytes(StandardCharsets.UTF_8);
        queue.pipeInput(new TestRecord<>(key, codec.encode(t), new RecordHeaders(), clock.instant()));
    }
}
