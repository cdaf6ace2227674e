package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskline.processors.internal.TaskProcessor;
import io.taskline.retry.NonRetryableException;
import io.taskline.retry.QueueSpec;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The worker logs one line per lifecycle event, with the task's fields as key-values and never its payload. */
class TaskLifecycleLogsTest {

    private static final String QUEUE = "logs";
    private static final String SECRET = "payload-secret-4711";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TaskProcessor.class);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> queue;

    @BeforeEach
    void start() {
        logged.start();
        logger.addAppender(logged);
        QueueSpec spec = QueueSpec.of(QUEUE).withTiers(List.of(Duration.ofSeconds(5))).withMaxAttempts(2);
        HandlerRegistry handlers = HandlerRegistry.builder()
                .add("echo", handler(false, false)).add("fail", handler(true, false)).add("refuse", handler(true, true)).build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lifecycle-logs-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TaskTopology.build(List.of(new QueueBinding(spec, handlers)), codec,
                Clock.fixed(START, ZoneOffset.UTC), "w1"), props, START);
        queue = driver.createInputTopic(QUEUE, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logged);
        driver.close();
    }

    @Test
    void aSuccessLogsStartedThenSucceededWithTheTaskFields() {
        pipe("t-ok", "echo", 1);

        assertThat(lines()).containsExactly("INFO task started t-ok/echo/1", "INFO task succeeded t-ok/echo/1");
        assertThat(keyValues(logged.list.get(1))).containsEntry("queue", QUEUE).containsKey("durationMs");
    }

    @Test
    void aFailureLogsItsRetryAndThenItsDeadLetterWithoutTheHandlersMessage() {
        pipe("t-fail", "fail", 1);
        pipe("t-fail", "fail", 2);

        assertThat(lines()).containsExactly("INFO task started t-fail/fail/1", "INFO task failed; retrying t-fail/fail/1",
                "INFO task started t-fail/fail/2", "WARN task failed; dead letter t-fail/fail/2");
        assertThat(keyValues(logged.list.get(1))).containsEntry("error", IllegalStateException.class.getName())
                .containsEntry("tier", QUEUE + ".retry.5s");
        assertThat(keyValues(logged.list.get(3))).containsEntry("maxAttempts", "2").containsEntry("dlq", QUEUE + ".dlq");
    }

    @Test
    void aNonRetryableFailureDoesNotLogTheMessageThatNamesThePayload() {
        pipe("t-refuse", "refuse", 1);

        assertThat(lines()).containsExactly("INFO task started t-refuse/refuse/1",
                "WARN task failed; dead letter t-refuse/refuse/1");
    }

    @Test
    void noLineCarriesThePayload() {
        pipe("t-ok", "echo", 1);
        pipe("t-fail", "fail", 1);
        pipe("t-fail", "fail", 2);
        pipe("t-refuse", "refuse", 1);

        assertThat(logged.list).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(SECRET);
            assertThat(keyValues(e).values()).noneMatch(v -> v.contains(SECRET));
            assertThat(e.getArgumentArray() == null ? List.of() : List.of(e.getArgumentArray()))
                    .noneMatch(a -> String.valueOf(a).contains(SECRET));
        });
    }

    /** "LEVEL message taskId/type/attempt" of every line, checking each names the queue. */
    private List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : logged.list) {
            Map<String, String> kv = keyValues(e);
            assertThat(kv).containsEntry("queue", QUEUE);
            out.add(e.getLevel() + " " + e.getFormattedMessage() + " " + kv.get("taskId") + "/" + kv.get("type") + "/"
                    + kv.get("attempt"));
        }
        return out;
    }

    private static Map<String, String> keyValues(ILoggingEvent event) {
        Map<String, String> out = new TreeMap<>();
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(p -> out.put(p.key, String.valueOf(p.value)));
        }
        return out;
    }

    private void pipe(String id, String type, int attempt) {
        Task task = Task.newBuilder().setId(id).setType(type).setQueue(QUEUE).setAttempt(attempt).setEnqueuedAt(START)
                .setFailures(new ArrayList<>())
                .setPayload(ByteBuffer.wrap(codec.encode(Message.newBuilder().setMessage(SECRET).build()))).build();
        queue.pipeInput(id.getBytes(), codec.encode(task));
    }

    /** A handler that succeeds or throws an exception quoting the payload, as careless handlers do. */
    private static TaskHandler<Message> handler(boolean fails, boolean nonRetryable) {
        return new TaskHandler<>() {
            @Override
            public Class<Message> payloadType() {
                return Message.class;
            }

            @Override
            public void handle(Message payload, TaskContext context) {
                if (nonRetryable) {
                    throw new NonRetryableException("cannot handle " + payload.getMessage());
                }
                if (fails) {
                    throw new IllegalStateException("failed on " + payload.getMessage());
                }
            }
        };
    }
}
